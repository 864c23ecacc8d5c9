-- The run log files an item's runs under its bucket, CRC32(item) & 511, and no index of it is led
-- by the item any more: an index led by the item takes each new row at one place per item, so the
-- database needed about one page (16 KiB) an item in memory to go on inserting, and as many again
-- for the purge; led by the bucket and then the time, new rows go to one place per bucket
-- (docs/performance.md, "The run log at scale"). Each item's last run, which the overview, the
-- dashboard and failure alerts read for every item, is kept in a table of its own, one row an item.
-- On a large log this takes a while: the table is copied once (docs/performance.md, "Upgrading").
-- MySQL has no ADD COLUMN IF NOT EXISTS, and these files may be applied more than once.

-- Each item's last recorded run attempt (the latest slot, its last attempt), and how many runs of
-- the item have failed in a row up to it (0 if it succeeded). Rows older than run-log.retention
-- are purged with the log's.
CREATE TABLE IF NOT EXISTS pacer_last_run (
  item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  scheduled_at DATETIME(3) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  finished_at DATETIME(3) NOT NULL,
  node VARCHAR(190) NOT NULL,
  attempt INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  result DOUBLE NULL,
  error VARCHAR(1000) NULL,
  failures INT NOT NULL,
  PRIMARY KEY (item))
ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Filled from the log while its item-led key is still there: each item's latest slot, its
-- highest attempt first (INSERT IGNORE keeps the first row of an item).
INSERT IGNORE INTO pacer_last_run
  (item, scheduled_at, started_at, finished_at, node, attempt, outcome, result, error, failures)
SELECT r.item, r.scheduled_at, r.started_at, r.finished_at, r.node, r.attempt, r.outcome, r.result,
  r.error, 0
FROM (SELECT item, MAX(scheduled_at) AS latest FROM pacer_run GROUP BY item) l
JOIN pacer_run r ON r.item = l.item AND r.scheduled_at = l.latest
ORDER BY r.attempt DESC;

-- A failing item's streak: its runs at slots after its last success (a slot's success is its
-- last attempt, so every run at a later slot failed).
UPDATE pacer_last_run SET failures = (
  SELECT COUNT(*) FROM pacer_run r
  WHERE r.item = pacer_last_run.item AND r.scheduled_at > COALESCE(
    (SELECT MAX(s.scheduled_at) FROM pacer_run s
     WHERE s.item = pacer_last_run.item AND s.outcome = 'success'),
    TIMESTAMP '1000-01-01 00:00:00'))
WHERE outcome <> 'success' AND failures = 0;

-- The bucket is computed by the server (ItemBucket.of in Java computes the same, from the name's
-- UTF-8 bytes, for the reads); the same rows are unique as before, (item, scheduled_at, attempt),
-- the bucket being the item's. One ALTER, one copy of the table.
SET @pacer_alter = (
  SELECT IF(COUNT(*) = 0,
    'ALTER TABLE pacer_run ADD COLUMN item_bucket SMALLINT AS (CRC32(item) & 511) STORED AFTER id, DROP INDEX uq_pacer_run_attempt, ADD UNIQUE KEY uq_pacer_run_bucket (item_bucket, scheduled_at, attempt, item)',
    'DO 0')
  FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = 'pacer_run' AND column_name = 'item_bucket');
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;
