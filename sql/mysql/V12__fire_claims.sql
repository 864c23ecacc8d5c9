-- A group's fire claims its members with one row (docs/fault-tolerance.md, "The claim"): the
-- latest fire of each group, the node incarnation and token that took it, the members it started (a
-- JSON array) and how many of them are not yet recorded. version is bumped by every claim of one of
-- the group's members and every member that leaves: a fire that read the group before takes the row
-- only under its lock. A member runs under its group's fire until it
-- is recorded; what must outlive the fire (a member still running at the group's next fire, a
-- collector that outlasts its record, the members of a fire whose node lost its lease, a member
-- that moves to another group) is carried into that item's pacer_claim row, under the same owner
-- and token. Times are epoch milliseconds of the database's clock.
CREATE TABLE IF NOT EXISTS pacer_fire (
  group_name VARCHAR(64) NOT NULL,
  slot BIGINT NOT NULL DEFAULT 0,
  owner VARCHAR(190) NULL,
  owner_epoch BIGINT NULL,
  token BIGINT NULL,
  fired_at BIGINT NULL,
  pending INT NOT NULL DEFAULT 0,
  members MEDIUMTEXT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (group_name))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- pacer_claim's rows now change only for one-shot runs and carried claims, so its index on token
-- (dropped in V11, when every run wrote its claim twice) is cheap again: a fire finds the held
-- claims of its members through it.
SET @pacer_alter = (
  SELECT IF(COUNT(*) = 0, 'CREATE INDEX idx_pacer_claim_token ON pacer_claim (token)', 'DO 0')
  FROM information_schema.STATISTICS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_claim'
    AND INDEX_NAME = 'idx_pacer_claim_token');
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Which claims protocol each node speaks: 2 for fire claims. A node of an older Pacer leaves it 0,
-- and while one of those holds a valid lease, every node claims each item on its own, as it does.
SET @pacer_alter = (
  SELECT IF(COUNT(*) = 0,
    'ALTER TABLE pacer_member ADD COLUMN claims INT NOT NULL DEFAULT 0',
    'DO 0')
  FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = 'pacer_member' AND column_name = 'claims');
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;
