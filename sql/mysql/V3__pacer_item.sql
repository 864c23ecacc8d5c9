-- Per-item settings: one optional row per history item, spelled exactly as in history.
-- A NULL column means "the configured default". Operators edit it with SQL or bin/pacer.
CREATE TABLE IF NOT EXISTS pacer_item (
  item VARCHAR(255) NOT NULL,
  collector VARCHAR(64) NULL,          -- collector name; NULL: collector.default
  target VARCHAR(2000) NULL,           -- what to collect: a URL, host:port, a declared name, a path
  options VARCHAR(2000) NULL,          -- collector options as a JSON object
  timeout_ms INT NULL,                 -- run timeout; NULL: derived from the interval
  max_attempts INT NULL,               -- attempts per slot (1: no retry); NULL: retry.max-attempts
  retry_backoff_ms INT NULL,           -- first back-off, doubled per attempt; NULL: retry.backoff
  misfire_policy VARCHAR(16) NULL,     -- run-once | skip | catch-up; NULL: misfire.policy
  paused TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (item))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
