-- The re-encryption job of stored PHI (key rotation, sealing of rows written before V6). Platform-wide: keys are
-- the platform's, not a tenant's. The cursor is committed together with each batch of re-sealed rows, so a job
-- interrupted at any point (even kill -9) resumes where its last committed batch ended.
CREATE TABLE crypto_reencryption_job (
    id               BIGSERIAL    PRIMARY KEY,
    state            VARCHAR(16)  NOT NULL,
    started_by       VARCHAR(255) NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    cursor_pk        BIGINT       NOT NULL DEFAULT 0,
    last_pk          BIGINT       NOT NULL,
    rows_total       BIGINT       NOT NULL,
    rows_done        BIGINT       NOT NULL DEFAULT 0,
    rows_resealed    BIGINT       NOT NULL DEFAULT 0,
    rows_failed      BIGINT       NOT NULL DEFAULT 0,
    running_millis   BIGINT       NOT NULL DEFAULT 0
);

-- Rows the job could not open: which row and why, never content.
CREATE TABLE crypto_reencryption_error (
    job_id      BIGINT       NOT NULL REFERENCES crypto_reencryption_job (id),
    version_pk  BIGINT       NOT NULL,
    reason      VARCHAR(200) NOT NULL
);
