package org.custos.audit;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.custos.identity.Caller;

/**
 * One entry of the audit trail: ids and codes only, never PHI values.
 *
 * @param tenant      the caller's tenant; empty for platform actions
 * @param action      e.g. {@code read}, {@code search}, {@code update}, {@code rotate-client-secret}
 * @param patientIds  every patient whose data the action touched (all of a search page's)
 * @param outcome     the HTTP status the request got for it
 * @param reason      why it was refused or failed (a safe message); on success, the break-the-glass grant that
 *                    let the caller see a patient's data despite their consent, else empty
 */
public record AuditRecord(Optional<String> tenant, String actorSubject, String actorUsername, String actorClient,
                          String actorRoles, String action, String resourceType, String resourceId,
                          Long resourceVersion, List<String> patientIds, int outcome, Optional<String> reason) {

    public AuditRecord {
        patientIds = List.copyOf(patientIds);
    }

    AuditRecord withReason(String newReason) {
        return new AuditRecord(tenant, actorSubject, actorUsername, actorClient, actorRoles, action, resourceType,
                resourceId, resourceVersion, patientIds, outcome, Optional.of(newReason));
    }

    /** A record of the caller's action (no caller: an unauthenticated request); the reason is cut to fit. */
    static AuditRecord by(Optional<Caller> caller, String action, String resourceType, String resourceId,
                          Long resourceVersion, List<String> patientIds, int outcome, Optional<String> reason) {
        return new AuditRecord(caller.flatMap(Caller::tenant), caller.map(Caller::subject).orElse(null),
                caller.map(Caller::username).orElse(null), caller.map(Caller::clientId).orElse(null),
                caller.map(c -> String.join(" ", new TreeSet<>(c.roles()))).orElse(null), action, resourceType,
                resourceId, resourceVersion, patientIds, outcome,
                reason.map(text -> text.substring(0, Math.min(200, text.length()))));
    }
}
