-- Which audit records touched which patient, for disclosure accounting and searching the trail by patient. A GIN
-- index on audit_event.patient_ids made every audited request slower (V16); this table is filled by the sealer
-- (audit.ChainSealer) as it links records, off the request path. Records not yet sealed (the last seconds) are
-- found through audit_event_unsealed. Derived data: the chain (verify) covers the records themselves.
CREATE TABLE audit_patient_access (
    tenant_id   VARCHAR(64)  NOT NULL,
    patient_id  VARCHAR(64)  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL,
    audit_id    BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, patient_id, recorded_at, audit_id)
);

INSERT INTO audit_patient_access (tenant_id, patient_id, recorded_at, audit_id)
SELECT DISTINCT tenant_id, patient_id, recorded_at, id
FROM audit_event, unnest(patient_ids) AS patient_id
WHERE hash IS NOT NULL AND tenant_id IS NOT NULL;
