-- Tamper evidence for the audit trail: every record gets a place in its tenant's chain (chain_seq) and the hash of
-- its content and of its predecessor's hash, so an altered, removed, reordered or re-linked record breaks the chain.
-- Records are sealed shortly after they are written by a single sealer (audit.ChainSealer), not by the request that
-- wrote them: chaining inside requests would make every request of a tenant wait for the one before it.
ALTER TABLE audit_event ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash BYTEA;
ALTER TABLE audit_event ADD COLUMN hash BYTEA;

CREATE UNIQUE INDEX audit_event_chain ON audit_event ((coalesce(tenant_id, '')), chain_seq) WHERE chain_seq IS NOT NULL;
CREATE INDEX audit_event_unsealed ON audit_event (id) WHERE hash IS NULL;

-- The last link of each chain (chain = tenant id, '' for platform records): where the next record is attached,
-- and what a verification must end on (so removing the newest records is noticed too).
CREATE TABLE audit_chain_head (
    chain     VARCHAR(64) PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash BYTEA       NOT NULL
);

-- Still append-only; the one change allowed is sealing a record once, without touching anything it says.
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.hash IS NULL AND OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL
           AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
           AND (NEW.id, NEW.tenant_id, NEW.recorded_at, NEW.actor_subject, NEW.actor_username, NEW.actor_client,
                NEW.actor_roles, NEW.action, NEW.resource_type, NEW.resource_id, NEW.resource_version,
                NEW.patient_ids, NEW.outcome, NEW.reason, NEW.purpose_of_use, NEW.source_ip, NEW.user_agent,
                NEW.request_id, NEW.request_method, NEW.request_path)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.tenant_id, OLD.recorded_at, OLD.actor_subject, OLD.actor_username, OLD.actor_client,
                OLD.actor_roles, OLD.action, OLD.resource_type, OLD.resource_id, OLD.resource_version,
                OLD.patient_ids, OLD.outcome, OLD.reason, OLD.purpose_of_use, OLD.source_ip, OLD.user_agent,
                OLD.request_id, OLD.request_method, OLD.request_path) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
