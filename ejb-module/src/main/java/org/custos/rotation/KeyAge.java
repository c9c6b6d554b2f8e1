package org.custos.rotation;

import java.time.Instant;

/**
 * A key with the time the application first used it.
 *
 * @param rotationDue a primary key older than the rotation interval ({@code custos.crypto.rotation-days})
 */
public record KeyAge(String keyset, long keyId, String status, boolean primary, Instant firstSeen, long ageDays,
                     boolean rotationDue) {
}
