package org.custos.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What an auditor looks for; every part optional, all given parts must match.
 *
 * @param patient a patient id the record touched
 * @param user    the actor's username
 * @param client  the OAuth client the actor used
 * @param from    recorded at or after
 * @param to      recorded before
 */
public record AuditQuery(Optional<String> patient, Optional<String> user, Optional<String> client,
                         Optional<String> action, Optional<Integer> outcome, Optional<Instant> from,
                         Optional<Instant> to, int first, int max) {

    public static final int MAX_PAGE = 200;

    public AuditQuery {
        first = Math.max(0, first);
        max = Math.min(MAX_PAGE, Math.max(1, max));
    }
}
