-- As sql/mysql/V9__fencing.sql: the nodes' leases and the items' claims.
CREATE TABLE IF NOT EXISTS pacer_claim (
  item VARCHAR(255) NOT NULL,
  owner VARCHAR(190) NULL,
  owner_epoch BIGINT NULL,
  token BIGINT NULL,
  slot BIGINT NULL,
  attempt INT NULL,
  claimed_at BIGINT NULL,
  PRIMARY KEY (item));
CREATE INDEX IF NOT EXISTS idx_pacer_claim_token ON pacer_claim (token);

ALTER TABLE pacer_member ADD COLUMN IF NOT EXISTS epoch BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE pacer_member ADD COLUMN IF NOT EXISTS lease_until BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE pacer_member ADD COLUMN IF NOT EXISTS since BIGINT DEFAULT 0 NOT NULL;
