-- Alerts, as sql/mysql/V4__pacer_alerts.sql. Times are UTC.
CREATE TABLE IF NOT EXISTS pacer_alert (
  kind VARCHAR(32) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  opened_at TIMESTAMP(3) NOT NULL,
  summary VARCHAR(1000) NOT NULL,
  PRIMARY KEY (kind, subject));

CREATE TABLE IF NOT EXISTS pacer_member (
  instance VARCHAR(190) NOT NULL,
  joined_at TIMESTAMP(3) NOT NULL,
  last_checkin BIGINT NOT NULL,
  checkin_interval BIGINT NOT NULL,
  PRIMARY KEY (instance));
