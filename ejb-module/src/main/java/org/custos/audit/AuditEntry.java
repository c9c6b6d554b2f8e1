package org.custos.audit;

import java.time.Instant;
import java.util.List;

/** One audit record as auditors read it: ids and codes only, as it was written. */
public record AuditEntry(long id, Instant recordedAt, String tenant, String actorSubject, String actorUsername,
                         String actorClient, String actorRoles, String action, String resourceType, String resourceId,
                         Long resourceVersion, List<String> patientIds, int outcome, String reason,
                         String purposeOfUse, String sourceIp, String userAgent, String requestId,
                         String requestMethod, String requestPath, Long chainSeq) {
}
