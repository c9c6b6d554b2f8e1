package org.custos.consent;

import java.time.Instant;
import java.util.Optional;

/**
 * A break-the-glass grant as its reviewers see it.
 *
 * @param id         the grant's id
 * @param patientId  whose record was opened
 * @param userId     the clinician's user id (Keycloak subject)
 * @param username   the clinician's username
 * @param reason     the clinician's free-text reason
 * @param reviewedAt when a privacy officer acknowledged it; empty while it waits in the queue
 */
public record BreakGlassReview(String id, String patientId, String userId, String username, String reason,
                               Instant grantedAt, Instant expiresAt, Optional<Instant> reviewedAt,
                               Optional<String> reviewedBy, Optional<String> reviewComment) {
}
