-- The run log keeps one index that starts with the item: its unique key (item, scheduled_at,
-- attempt), which also serves "an item's latest runs". An index led by the item takes each new row
-- at one place per item, so its pages in use grow to about one per item; a second such index
-- doubled what the database must keep in memory to go on inserting at full speed
-- (docs/performance.md, "The run log at scale").
-- MySQL has no DROP INDEX IF EXISTS, and these files may be applied more than once.
SET @pacer_drop = (
  SELECT IF(COUNT(*) > 0, 'DROP INDEX idx_pacer_run_item_started ON pacer_run', 'DO 0')
  FROM information_schema.statistics
  WHERE table_schema = DATABASE() AND table_name = 'pacer_run'
    AND index_name = 'idx_pacer_run_item_started');
PREPARE pacer_drop FROM @pacer_drop;
EXECUTE pacer_drop;
DEALLOCATE PREPARE pacer_drop;
