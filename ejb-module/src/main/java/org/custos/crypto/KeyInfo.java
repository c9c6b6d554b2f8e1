package org.custos.crypto;

/**
 * A key of one of the application's keysets, as operators see it: never the key material.
 *
 * @param keyset {@code data} or {@code index}
 * @param status ENABLED, DISABLED or DESTROYED (Tink's)
 */
public record KeyInfo(String keyset, long keyId, String status, boolean primary) {
}
