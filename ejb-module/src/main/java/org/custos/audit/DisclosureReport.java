package org.custos.audit;

import java.time.Instant;
import java.util.List;

/**
 * The accounting of disclosures of one patient's record (HIPAA §164.528): every access that returned or changed
 * their data in a period — who, when, what, for what purpose — newest first.
 *
 * @param accesses  the records, at most {@link AuditSearch#MAX_EXPORT}
 * @param truncated whether there were more: narrow the period
 */
public record DisclosureReport(String patientId, Instant from, Instant to, List<AuditEntry> accesses,
                               boolean truncated) {
}
