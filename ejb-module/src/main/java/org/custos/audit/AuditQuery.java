package org.custos.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What an auditor looks for; every part optional, all given parts must match.
 *
 * @param patient     a patient id the record touched
 * @param user        the actor's username
 * @param client      the OAuth client the actor used
 * @param outcomeFrom the lowest outcome (HTTP status) wanted
 * @param outcomeTo   the highest outcome wanted
 * @param from        recorded at or after
 * @param to          recorded before
 */
public record AuditQuery(Optional<String> patient, Optional<String> user, Optional<String> client,
                         Optional<String> action, Optional<Integer> outcomeFrom, Optional<Integer> outcomeTo,
                         Optional<Instant> from, Optional<Instant> to, int first, int max) {

    public static final int MAX_PAGE = 200;

    public AuditQuery {
        first = Math.max(0, first);
        max = Math.min(MAX_PAGE + 1, Math.max(1, max));
    }

    /** Records of every outcome at and in between. */
    public static AuditQuery of(Optional<String> patient, Optional<String> user, Optional<String> client,
                                Optional<String> action, Optional<Instant> from, Optional<Instant> to, int first,
                                int max) {
        return new AuditQuery(patient, user, client, action, Optional.empty(), Optional.empty(), from, to, first, max);
    }

    /** The same query for records with exactly this outcome. */
    public AuditQuery withOutcome(int status) {
        return withOutcomes(status, status);
    }

    /** The same query for records with an outcome in {@code [lowest, highest]}. */
    public AuditQuery withOutcomes(int lowest, int highest) {
        return new AuditQuery(patient, user, client, action, Optional.of(lowest), Optional.of(highest), from, to,
                first, max);
    }
}
