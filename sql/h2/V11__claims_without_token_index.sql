-- As sql/mysql/V11__claims_without_token_index.sql.
DROP INDEX IF EXISTS idx_pacer_claim_token;
