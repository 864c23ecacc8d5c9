-- Pacer's item columns compare names exactly, as the user's history table may: in a NO PAD
-- collation (MariaDB's utf8mb4_nopad_bin, MySQL 8's default utf8mb4_0900_ai_ci) 'trail',
-- 'trail ' and 'trail  ' are three items, and a binary collation tells 'Disk' from 'disk'. Until
-- V10 these columns were utf8mb4_bin, which is PAD SPACE: trailing spaces did not count, so the
-- three shared one pacer_last_run row, one pacer_item row, one alert.
--
-- The convention for every column of Pacer's that holds an item's name (and for the V9 tables'):
--   VARCHAR(255) CHARACTER SET utf8mb4 COLLATE <exact>
-- where <exact> is the server's binary NO PAD collation of utf8mb4: utf8mb4_nopad_bin on MariaDB
-- (10.2 and later), utf8mb4_0900_bin on MySQL 8 (which has no utf8mb4_nopad_bin). Either compares
-- the UTF-8 bytes, trailing spaces included; Connector/J reads both as text (getString gives the
-- name as stored), and operators' own queries compare names with them exactly. A new table of
-- Pacer's declares such a column with the collation this file finds, as below.
--
-- Changing the collation copies each table once (pacer_run is the large one, as in V8). Rows are
-- kept: a collation that tells more names apart cannot make two rows collide. The file may be
-- applied more than once: a column already exact is left alone.

SET @pacer_exact = IF(
  (SELECT COUNT(*) FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_nopad_bin') > 0,
  'utf8mb4_nopad_bin', 'utf8mb4_0900_bin');

-- The run log: one row per attempt; its unique key and its purge find an item's rows by name.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_run MODIFY item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ',
      @pacer_exact, ' NOT NULL'),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_run' AND COLUMN_NAME = 'item'
    AND COLLATION_NAME NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Each item's last run and failure streak, keyed by the item.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_last_run MODIFY item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ',
      @pacer_exact, ' NOT NULL'),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_last_run' AND COLUMN_NAME = 'item'
    AND COLLATION_NAME NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Items' own settings, keyed by the item. The table was utf8mb4_bin throughout, and stays of one
-- collation throughout (the nodes' checksum of it concatenates its columns, which two binary
-- collations side by side would refuse).
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_item CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @pacer_exact),
    'DO 0')
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_item'
    AND TABLE_COLLATION NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Each item's claim (V9), keyed by the item.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_claim MODIFY item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ',
      @pacer_exact, ' NOT NULL'),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_claim' AND COLUMN_NAME = 'item'
    AND COLLATION_NAME NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Scale mode's group membership, keyed by the item.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_group MODIFY item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ',
      @pacer_exact, ' NOT NULL'),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_group' AND COLUMN_NAME = 'item'
    AND COLLATION_NAME NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- Open alerts, keyed by kind and subject: an item, or a node. Of one collation throughout, as
-- pacer_item.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_alert CONVERT TO CHARACTER SET utf8mb4 COLLATE ', @pacer_exact),
    'DO 0')
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_alert'
    AND TABLE_COLLATION NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;

-- The change log of sync.change-capture=triggers. Its item may be NULL: a history table whose item
-- column allows NULL logs such a row (the sync reads it to warn about it), where a NOT NULL column
-- made the trigger fail the user's own INSERT.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0,
    CONCAT('ALTER TABLE pacer_change MODIFY item VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ',
      @pacer_exact, ' NULL'),
    'DO 0')
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_change' AND COLUMN_NAME = 'item'
    AND (COLLATION_NAME NOT IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin') OR IS_NULLABLE = 'NO'));
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;
