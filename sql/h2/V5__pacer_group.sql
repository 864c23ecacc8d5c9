-- Scale mode's group membership, as sql/mysql/V5__pacer_group.sql.
CREATE TABLE IF NOT EXISTS pacer_group (
  item VARCHAR(255) NOT NULL,
  group_name VARCHAR(64) NOT NULL,
  interval_s INT NOT NULL,
  misfire_instruction INT NOT NULL,
  paused BOOLEAN DEFAULT FALSE NOT NULL,
  not_before BIGINT DEFAULT 0 NOT NULL,
  PRIMARY KEY (item));
CREATE INDEX IF NOT EXISTS idx_pacer_group_name ON pacer_group (group_name);
