-- Fencing (docs/fault-tolerance.md): every node holds a lease in the database's clock, and a run
-- holds a claim on its item before its collector starts. Times are epoch milliseconds of the
-- database's clock.

-- Each item's claim: free when token is NULL, else held by the run of node owner (in its
-- incarnation owner_epoch) that took it with this token, for the given slot and attempt. A node
-- takes a claim only while its lease is valid, takes over one only once its holder's lease has
-- lapsed, and records or releases a run only while the claim still holds its token. The index
-- finds the claims held now (the runs in flight), among as many rows as there are items.
CREATE TABLE IF NOT EXISTS pacer_claim (
  item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  owner VARCHAR(190) NULL,
  owner_epoch BIGINT NULL,
  token BIGINT NULL,
  slot BIGINT NULL,
  attempt INT NULL,
  claimed_at BIGINT NULL,
  PRIMARY KEY (item),
  INDEX idx_pacer_claim_token (token))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- pacer_member becomes the nodes' leases: each incarnation of a node (epoch) renews lease_until
-- every second; since is when the incarnation joined. last_checkin is the last renewal.
SET @pacer_alter = (
  SELECT IF(COUNT(*) = 0,
    'ALTER TABLE pacer_member ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0, ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0, ADD COLUMN since BIGINT NOT NULL DEFAULT 0',
    'DO 0')
  FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = 'pacer_member' AND column_name = 'epoch');
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;
