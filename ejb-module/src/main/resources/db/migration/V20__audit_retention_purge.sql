-- Retention: audit records older than their tenant's retention (at least six years) may be purged, and only so that
-- the rest of the chain stays verifiable: whole records from the chain's start up to a signed checkpoint, whose
-- place and hash become the anchor the verification starts from. Each purge is a row of audit_purge (append-only);
-- the triggers let a record be deleted only at or below such an anchor and only when it is six years old, and let
-- an anchor be recorded only on a checkpoint of that chain at that place, over records that are all six years old.
CREATE TABLE audit_purge (
    id             BIGSERIAL    PRIMARY KEY,
    chain          VARCHAR(64)  NOT NULL,
    through_seq    BIGINT       NOT NULL,
    through_hash   BYTEA        NOT NULL,
    checkpoint_id  BIGINT       NOT NULL REFERENCES audit_checkpoint (id),
    records        BIGINT       NOT NULL,
    purged_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (chain, through_seq)
);

CREATE FUNCTION audit_purge_is_anchored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'audit_purge is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_checkpoint c WHERE c.id = NEW.checkpoint_id AND c.chain = NEW.chain
                   AND c.last_seq = NEW.through_seq AND c.last_hash = NEW.through_hash) THEN
        RAISE EXCEPTION 'a purge must end on a checkpoint of its chain' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM audit_event e WHERE coalesce(e.tenant_id, '') = NEW.chain
               AND e.chain_seq <= NEW.through_seq AND e.recorded_at >= clock_timestamp() - interval '2190 days') THEN
        RAISE EXCEPTION 'audit records are kept at least six years' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_purge_anchored BEFORE INSERT OR UPDATE OR DELETE ON audit_purge
    FOR EACH ROW EXECUTE FUNCTION audit_purge_is_anchored();
CREATE TRIGGER audit_purge_no_truncate BEFORE TRUNCATE ON audit_purge
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_is_append_only();

-- Still append-only; the exceptions: sealing a record once (V15, V17) and deleting a purged one.
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
    IF TG_OP = 'DELETE' AND OLD.chain_seq IS NOT NULL
       AND OLD.recorded_at < clock_timestamp() - interval '2190 days'
       AND EXISTS (SELECT 1 FROM audit_purge p WHERE p.chain = coalesce(OLD.tenant_id, '')
                   AND p.through_seq >= OLD.chain_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
