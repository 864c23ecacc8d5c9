-- As sql/mysql/V12__fire_claims.sql: a row per group for its latest fire's claim.
CREATE TABLE IF NOT EXISTS pacer_fire (
  group_name VARCHAR(64) NOT NULL,
  slot BIGINT DEFAULT 0 NOT NULL,
  owner VARCHAR(190) NULL,
  owner_epoch BIGINT NULL,
  token BIGINT NULL,
  fired_at BIGINT NULL,
  pending INT DEFAULT 0 NOT NULL,
  members CLOB NULL,
  version BIGINT DEFAULT 0 NOT NULL,
  PRIMARY KEY (group_name));
CREATE INDEX IF NOT EXISTS idx_pacer_claim_token ON pacer_claim (token);
ALTER TABLE pacer_member ADD COLUMN IF NOT EXISTS claims INT DEFAULT 0 NOT NULL;
