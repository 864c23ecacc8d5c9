-- Alerts: which alerts are open, and which nodes should be checking in. Times are UTC.

-- One row per open alert (an item failing, a node silent). Its key makes each episode raise and
-- resolve one notice, whichever nodes notice it. Operators may delete a row to re-arm an alert.
CREATE TABLE IF NOT EXISTS pacer_alert (
  kind VARCHAR(32) NOT NULL,           -- item-failing | member-silent
  subject VARCHAR(255) NOT NULL,       -- the item or the node
  opened_at DATETIME(3) NOT NULL,
  summary VARCHAR(1000) NOT NULL,
  PRIMARY KEY (kind, subject))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The nodes that joined and have not stopped gracefully, with their last check-in as last seen
-- (epoch milliseconds, as in QRTZ_SCHEDULER_STATE). Quartz deletes a dead node's own row once it
-- has recovered its work; this one stays until the node returns, or for a day.
CREATE TABLE IF NOT EXISTS pacer_member (
  instance VARCHAR(190) NOT NULL,
  joined_at DATETIME(3) NOT NULL,
  last_checkin BIGINT NOT NULL,
  checkin_interval BIGINT NOT NULL,
  PRIMARY KEY (instance))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
