-- Per-item settings, as sql/mysql/V3__pacer_item.sql.
CREATE TABLE IF NOT EXISTS pacer_item (
  item VARCHAR(255) NOT NULL,
  collector VARCHAR(64) NULL,
  target VARCHAR(2000) NULL,
  options VARCHAR(2000) NULL,
  timeout_ms INT NULL,
  max_attempts INT NULL,
  retry_backoff_ms INT NULL,
  misfire_policy VARCHAR(16) NULL,
  paused BOOLEAN DEFAULT FALSE NOT NULL,
  PRIMARY KEY (item));
