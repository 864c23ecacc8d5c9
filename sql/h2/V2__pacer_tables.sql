-- Pacer's own tables, as sql/mysql/V2__pacer_tables.sql. Times are UTC (millisecond precision).

CREATE TABLE IF NOT EXISTS pacer_run (
  id BIGINT NOT NULL AUTO_INCREMENT,
  item VARCHAR(255) NOT NULL,
  scheduled_at TIMESTAMP(3) NOT NULL,
  started_at TIMESTAMP(3) NOT NULL,
  finished_at TIMESTAMP(3) NOT NULL,
  node VARCHAR(190) NOT NULL,
  attempt INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  result DOUBLE PRECISION NULL,
  error VARCHAR(1000) NULL,
  PRIMARY KEY (id),
  CONSTRAINT uq_pacer_run_attempt UNIQUE (item, scheduled_at, attempt));
CREATE INDEX IF NOT EXISTS idx_pacer_run_item_started ON pacer_run (item, started_at);
CREATE INDEX IF NOT EXISTS idx_pacer_run_started ON pacer_run (started_at);

CREATE TABLE IF NOT EXISTS pacer_lease (
  name VARCHAR(64) NOT NULL,
  owner VARCHAR(190) NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (name));

MERGE INTO pacer_lease (name, owner, expires_at) KEY (name) VALUES ('sync', '', 0);
