-- Scale mode (schedule.group-window > 0): which group trigger runs each item. Items sharing an
-- interval, a phase window and a misfire policy share one Quartz job and trigger; the sync keeps
-- this table, the group's job reads its members here when it fires.
CREATE TABLE IF NOT EXISTS pacer_group (
  item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  group_name VARCHAR(64) NOT NULL,    -- the group's Quartz job and trigger (group pacer-group)
  interval_s INT NOT NULL,
  misfire_instruction INT NOT NULL,
  paused TINYINT(1) NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL DEFAULT 0, -- epoch ms: an item that moved waits for its old group's run
  PRIMARY KEY (item),
  INDEX idx_pacer_group_name (group_name))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
