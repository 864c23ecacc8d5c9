-- pacer_claim loses its index on token. Every claim and every record changes an item's token, so
-- the index cost two writes per run; it served only the look for claims of lapsed leases, which a
-- node now makes when a lease lapses or a node rejoins (pacer_member changes), not every second:
-- a scan of the table then costs less than the index did. The file may be applied more than once.
SET @pacer_alter = (
  SELECT IF(COUNT(*) > 0, 'ALTER TABLE pacer_claim DROP INDEX idx_pacer_claim_token', 'DO 0')
  FROM information_schema.STATISTICS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pacer_claim'
    AND INDEX_NAME = 'idx_pacer_claim_token');
PREPARE pacer_alter FROM @pacer_alter;
EXECUTE pacer_alter;
DEALLOCATE PREPARE pacer_alter;
