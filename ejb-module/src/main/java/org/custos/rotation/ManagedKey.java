package org.custos.rotation;

import java.time.Instant;

/**
 * A key as operators manage it: since when it is in use, whether its rotation is due and — when counted — how much
 * stored data depends on it. Never its material.
 *
 * @param status      ENABLED, DISABLED or DESTROYED (Tink's), or ABSENT: rows still name a key the keysets lack
 * @param rotationDue a primary key older than the rotation interval ({@code custos.crypto.rotation-days})
 * @param rows        data key: resource versions sealed under it; index key: resources whose search-index rows
 *                    were computed under it; null when not counted
 */
public record ManagedKey(String keyset, long keyId, String status, boolean primary, Instant firstSeen, long ageDays,
                         boolean rotationDue, Long rows) {

    ManagedKey withRows(long count) {
        return new ManagedKey(keyset, keyId, status, primary, firstSeen, ageDays, rotationDue, count);
    }

    /** Rows a reader cannot use while the key is not enabled: unreadable (data) or not found by search (index). */
    boolean stranded() {
        return rows != null && rows > 0 && !"ENABLED".equals(status);
    }
}
