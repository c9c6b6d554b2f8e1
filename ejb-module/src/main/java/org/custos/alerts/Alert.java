package org.custos.alerts;

import java.time.Instant;

/**
 * An alert as privacy officers see it: what rule fired on whom, with counts — never PHI.
 *
 * @param acknowledgedAt null while open
 */
public record Alert(long id, String tenant, String rule, Instant raisedAt, String actorUsername, String sourceIp,
                    String detail, Instant acknowledgedAt, String acknowledgedBy, String acknowledgement,
                    Instant deliveredAt) {
}
