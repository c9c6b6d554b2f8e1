-- Two more layers of tamper evidence over the hash chain (V15), both keyed by the application's audit keysets:
--  * mac: every record's MAC (random nonce + HMAC-SHA256 over its content) made by the writer, so that a row
--    inserted behind the application's back, or a copy of a genuine one, is found even once it has been sealed;
--  * audit_checkpoint: the head of each chain signed (Ed25519) at intervals, so that a chain rewritten from end to
--    end with recomputed hashes no longer matches what was signed. The signing is also written to the server log,
--    a copy outside this database.
ALTER TABLE audit_event ADD COLUMN mac BYTEA;

CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL
           AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
           AND (NEW.id, NEW.tenant_id, NEW.recorded_at, NEW.actor_subject, NEW.actor_username, NEW.actor_client,
                NEW.actor_roles, NEW.action, NEW.resource_type, NEW.resource_id, NEW.resource_version,
                NEW.patient_ids, NEW.outcome, NEW.reason, NEW.purpose_of_use, NEW.source_ip, NEW.user_agent,
                NEW.request_id, NEW.request_method, NEW.request_path, NEW.mac)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.tenant_id, OLD.recorded_at, OLD.actor_subject, OLD.actor_username, OLD.actor_client,
                OLD.actor_roles, OLD.action, OLD.resource_type, OLD.resource_id, OLD.resource_version,
                OLD.patient_ids, OLD.outcome, OLD.reason, OLD.purpose_of_use, OLD.source_ip, OLD.user_agent,
                OLD.request_id, OLD.request_method, OLD.request_path, OLD.mac) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TABLE audit_checkpoint (
    id         BIGSERIAL    PRIMARY KEY,
    chain      VARCHAR(64)  NOT NULL,
    last_seq   BIGINT       NOT NULL,
    last_hash  BYTEA        NOT NULL,
    signed_at  TIMESTAMPTZ  NOT NULL,
    signature  BYTEA        NOT NULL
);
CREATE INDEX audit_checkpoint_chain ON audit_checkpoint (chain, last_seq);

CREATE FUNCTION audit_checkpoint_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_is_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_is_append_only();

-- Where each chain was last signed: a chain gets its next checkpoint when it has grown and the interval is over.
ALTER TABLE audit_chain_head ADD COLUMN checkpoint_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_chain_head ADD COLUMN checkpoint_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity';
