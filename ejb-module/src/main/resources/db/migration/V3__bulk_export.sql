-- Bulk Data $export jobs and their NDJSON output. Output is PHI like the resources it copies: it is tenant-scoped,
-- served only to the client that asked for it, and deleted with its job.

CREATE TABLE fhir_export_job (
    pk                BIGSERIAL PRIMARY KEY,
    tenant_id         VARCHAR(64)  NOT NULL,
    job_id            VARCHAR(64)  NOT NULL,
    -- The token subject of the client that started the job: the only caller that may poll, download or cancel.
    requester         VARCHAR(255) NOT NULL,
    export_level      VARCHAR(16)  NOT NULL,
    group_id          VARCHAR(64),
    resource_types    TEXT,
    since             TIMESTAMPTZ,
    status            VARCHAR(16)  NOT NULL,
    transaction_time  TIMESTAMPTZ  NOT NULL,
    request_url       TEXT         NOT NULL,
    message           VARCHAR(512),
    CONSTRAINT fhir_export_job_id UNIQUE (tenant_id, job_id)
);

CREATE TABLE fhir_export_file (
    pk              BIGSERIAL PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    job_pk          BIGINT       NOT NULL REFERENCES fhir_export_job (pk) ON DELETE CASCADE,
    resource_type   VARCHAR(64)  NOT NULL,
    file_index      INTEGER      NOT NULL,
    resource_count  INTEGER      NOT NULL,
    content         TEXT         NOT NULL,
    CONSTRAINT fhir_export_file_unique UNIQUE (job_pk, resource_type, file_index)
);
