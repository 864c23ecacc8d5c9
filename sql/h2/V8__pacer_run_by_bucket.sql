-- As sql/mysql/V8__pacer_run_by_bucket.sql: the run log is keyed by the item's bucket, and each
-- item's last run has a table of its own.
CREATE TABLE IF NOT EXISTS pacer_last_run (
  item VARCHAR(255) NOT NULL,
  scheduled_at TIMESTAMP(3) NOT NULL,
  started_at TIMESTAMP(3) NOT NULL,
  finished_at TIMESTAMP(3) NOT NULL,
  node VARCHAR(190) NOT NULL,
  attempt INT NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  result DOUBLE PRECISION NULL,
  error VARCHAR(1000) NULL,
  failures INT NOT NULL,
  PRIMARY KEY (item));

INSERT INTO pacer_last_run
  (item, scheduled_at, started_at, finished_at, node, attempt, outcome, result, error, failures)
SELECT item, scheduled_at, started_at, finished_at, node, attempt, outcome, result, error, 0
FROM (SELECT r.*, ROW_NUMBER() OVER (PARTITION BY item ORDER BY scheduled_at DESC, attempt DESC) n
      FROM pacer_run r) t
WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM pacer_last_run l WHERE l.item = t.item);

UPDATE pacer_last_run SET failures = (
  SELECT COUNT(*) FROM pacer_run r
  WHERE r.item = pacer_last_run.item AND r.scheduled_at > COALESCE(
    (SELECT MAX(s.scheduled_at) FROM pacer_run s
     WHERE s.item = pacer_last_run.item AND s.outcome = 'success'),
    TIMESTAMP '1000-01-01 00:00:00'))
WHERE outcome <> 'success' AND failures = 0;

-- H2 has no CRC32: the bucket is Pacer's own function, ItemBucket.of, which must be on the
-- classpath of whatever writes to pacer_run.
CREATE ALIAS IF NOT EXISTS PACER_ITEM_BUCKET DETERMINISTIC FOR 'dev.pacer.run.ItemBucket.of';
ALTER TABLE pacer_run ADD COLUMN IF NOT EXISTS item_bucket SMALLINT
  GENERATED ALWAYS AS (PACER_ITEM_BUCKET(item));
ALTER TABLE pacer_run DROP CONSTRAINT IF EXISTS uq_pacer_run_attempt;
ALTER TABLE pacer_run ADD CONSTRAINT IF NOT EXISTS uq_pacer_run_bucket
  UNIQUE (item_bucket, scheduled_at, attempt, item);
