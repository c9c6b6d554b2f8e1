-- Break-the-glass grants (issue 8): a clinician overrides a patient's consent in an emergency, for that patient only
-- and for a bounded time. Each grant waits in the privacy officers' review queue until acknowledged with a comment.
-- The clinician's reason and the reviewer's comment are free text that may name clinical facts: sealed like
-- resources (Tink AEAD, the row's grant id in the associated data).
CREATE TABLE break_glass_grant (
    pk                     BIGSERIAL    PRIMARY KEY,
    tenant_id              VARCHAR(64)  NOT NULL,
    grant_id               VARCHAR(36)  NOT NULL UNIQUE,
    user_subject           VARCHAR(64)  NOT NULL,
    username               VARCHAR(255) NOT NULL,
    patient_id             VARCHAR(64)  NOT NULL,
    reason_sealed          BYTEA        NOT NULL,
    granted_at             TIMESTAMPTZ  NOT NULL,
    expires_at             TIMESTAMPTZ  NOT NULL,
    reviewed_at            TIMESTAMPTZ,
    reviewed_by            VARCHAR(255),
    review_comment_sealed  BYTEA,
    CHECK (expires_at > granted_at)
);
CREATE INDEX break_glass_grant_active ON break_glass_grant (tenant_id, user_subject, expires_at);
CREATE INDEX break_glass_grant_queue ON break_glass_grant (tenant_id, granted_at);

ALTER TABLE break_glass_grant ENABLE ROW LEVEL SECURITY;
ALTER TABLE break_glass_grant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON break_glass_grant
    USING (tenant_id = current_setting('custos.tenant', true))
    WITH CHECK (tenant_id = current_setting('custos.tenant', true));
