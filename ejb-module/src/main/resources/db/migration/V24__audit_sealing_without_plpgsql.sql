-- Sealing a record (V15, V17, V20) is the one UPDATE audit_event allows. The rule is unchanged; it is now decided by
-- the trigger's WHEN condition, which PostgreSQL evaluates without calling PL/pgSQL, so the sealer no longer pays a
-- function call per record. The function still runs for every other UPDATE (and refuses it, as before) and for every
-- DELETE (allowed only for records purged behind a signed anchor, V20).
DROP TRIGGER audit_event_append_only ON audit_event;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event FOR EACH ROW
    WHEN (NOT (OLD.hash IS NULL AND OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL
               AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
               AND (NEW.id, NEW.tenant_id, NEW.recorded_at, NEW.actor_subject, NEW.actor_username, NEW.actor_client,
                    NEW.actor_roles, NEW.action, NEW.resource_type, NEW.resource_id, NEW.resource_version,
                    NEW.patient_ids, NEW.outcome, NEW.reason, NEW.purpose_of_use, NEW.source_ip, NEW.user_agent,
                    NEW.request_id, NEW.request_method, NEW.request_path, NEW.mac)
                   IS NOT DISTINCT FROM
                   (OLD.id, OLD.tenant_id, OLD.recorded_at, OLD.actor_subject, OLD.actor_username, OLD.actor_client,
                    OLD.actor_roles, OLD.action, OLD.resource_type, OLD.resource_id, OLD.resource_version,
                    OLD.patient_ids, OLD.outcome, OLD.reason, OLD.purpose_of_use, OLD.source_ip, OLD.user_agent,
                    OLD.request_id, OLD.request_method, OLD.request_path, OLD.mac)))
    EXECUTE FUNCTION audit_event_is_append_only();

CREATE TRIGGER audit_event_delete_guard BEFORE DELETE ON audit_event FOR EACH ROW
    EXECUTE FUNCTION audit_event_is_append_only();
