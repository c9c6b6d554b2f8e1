-- The audit trail (HIPAA §164.312(b)): one row per access to PHI or administrative action, written by the
-- application in the same transaction as what it records. Ids only, never PHI values. Append-only: no UPDATE or
-- DELETE, whoever asks (the retention purge of issue 7 will be the one exception, through a function of its own).
CREATE TABLE audit_event (
    id                BIGSERIAL    PRIMARY KEY,
    tenant_id         VARCHAR(64),             -- null for platform actions outside any tenant
    recorded_at       TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    actor_subject     VARCHAR(64),
    actor_username    VARCHAR(255),
    actor_client      VARCHAR(255),
    actor_roles       VARCHAR(500),
    action            VARCHAR(40)  NOT NULL,   -- read, vread, search, create, update, delete, history, operation, ...
    resource_type     VARCHAR(64),
    resource_id       VARCHAR(64),
    resource_version  BIGINT,
    patient_ids       TEXT[]       NOT NULL DEFAULT '{}',
    outcome           SMALLINT     NOT NULL,   -- the HTTP status the request got
    reason            VARCHAR(200),            -- why it was refused or failed; never data
    purpose_of_use    VARCHAR(64),
    source_ip         VARCHAR(64),
    user_agent        VARCHAR(300),
    request_id        VARCHAR(64),
    request_method    VARCHAR(10),
    request_path      VARCHAR(300)             -- the path only: query strings carry search values (PHI)
);

CREATE INDEX audit_event_tenant_time ON audit_event (tenant_id, recorded_at);
CREATE INDEX audit_event_patients ON audit_event USING GIN (patient_ids);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
