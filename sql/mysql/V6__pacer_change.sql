-- The change log of sync.change-capture=triggers: triggers on the history table add a row here
-- for every INSERT, DELETE and UPDATE of an item's name or interval (never for a run's
-- write-back), and the sync's leader reads and deletes them. Empty in the default mode.
CREATE TABLE IF NOT EXISTS pacer_change (
  id BIGINT NOT NULL AUTO_INCREMENT,
  item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  PRIMARY KEY (id))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
