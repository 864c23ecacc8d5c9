-- As sql/mysql/V7__pacer_run_one_item_index.sql: an item's latest runs are read by the unique key.
DROP INDEX IF EXISTS idx_pacer_run_item_started;
