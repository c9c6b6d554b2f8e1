-- Bulk-export output is PHI like the resources it copies: from now on it is sealed like them (content_sealed, by
-- the application's AEAD, bound to tenant, table, column and file). Output written before — plain NDJSON — is
-- removed rather than kept in clear; its jobs are marked failed with a reason, and the client exports again.
-- The tables are under forced row-level security (V10); the owner lifts the force for this one migration.
ALTER TABLE fhir_export_file NO FORCE ROW LEVEL SECURITY;
ALTER TABLE fhir_export_job NO FORCE ROW LEVEL SECURITY;

UPDATE fhir_export_job SET status = 'FAILED',
       message = 'The output was removed when export files became encrypted; start a new export'
 WHERE pk IN (SELECT job_pk FROM fhir_export_file);
DELETE FROM fhir_export_file;

ALTER TABLE fhir_export_file DROP COLUMN content;
ALTER TABLE fhir_export_file ADD COLUMN content_sealed BYTEA NOT NULL;

ALTER TABLE fhir_export_file FORCE ROW LEVEL SECURITY;
ALTER TABLE fhir_export_job FORCE ROW LEVEL SECURITY;
