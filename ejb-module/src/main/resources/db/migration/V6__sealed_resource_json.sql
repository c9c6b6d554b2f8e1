-- PHI encryption at rest: a version's JSON is stored sealed (Tink AEAD, AES-256-GCM; the ciphertext starts with
-- its key id and is bound to tenant, table, column and row). resource_json keeps the plain JSON of versions written
-- before this migration until the re-encryption job has sealed them; new rows never use it.
ALTER TABLE fhir_resource_version ADD COLUMN resource_sealed BYTEA;
