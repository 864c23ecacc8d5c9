-- The change log of sync.change-capture=triggers, as sql/mysql/V6__pacer_change.sql (the
-- embedded database has no such triggers: the table stays empty).
CREATE TABLE IF NOT EXISTS pacer_change (
  id BIGINT AUTO_INCREMENT NOT NULL,
  item VARCHAR(255) NOT NULL,
  PRIMARY KEY (id));
