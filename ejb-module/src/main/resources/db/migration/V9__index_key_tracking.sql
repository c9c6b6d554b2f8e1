-- The id of the index key a resource's blind index rows were computed under, so that the re-encryption job knows
-- which resources to index again after the index key rotates, and operators see how many still need it before
-- they disable the old key. NULL: indexed before this column existed (the next job indexes those again).
ALTER TABLE fhir_resource ADD COLUMN index_key BIGINT;

ALTER TABLE crypto_reencryption_job ADD COLUMN rows_reindexed BIGINT NOT NULL DEFAULT 0;
