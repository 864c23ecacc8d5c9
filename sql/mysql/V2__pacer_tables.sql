-- Pacer's own tables. Times are UTC (DATETIME(3), millisecond precision).

-- The run log: one row per run attempt. Operators query it; rows older than the retention are purged.
-- One row per attempt at a slot: a run is never recorded twice. Items compare exactly, as in a
-- case-sensitive history table.
CREATE TABLE IF NOT EXISTS pacer_run (
  id BIGINT NOT NULL AUTO_INCREMENT,
  item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  scheduled_at DATETIME(3) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NOT NULL,
  node VARCHAR(190) NOT NULL,
  attempt INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  result DOUBLE NULL,
  error VARCHAR(1000) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_pacer_run_attempt (item, scheduled_at, attempt),
  INDEX idx_pacer_run_item_started (item, started_at),
  INDEX idx_pacer_run_started (started_at))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Leases: which node does cluster-wide chores (the history sync) until when (epoch milliseconds).
CREATE TABLE IF NOT EXISTS pacer_lease (
  name VARCHAR(64) NOT NULL,
  owner VARCHAR(190) NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (name))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT IGNORE INTO pacer_lease (name, owner, expires_at) VALUES ('sync', '', 0);
