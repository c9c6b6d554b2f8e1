package org.custos.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] RFC_SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B, SHA1 column (8 digits there); the last 6 digits are the 6-digit codes. */
    @Test
    void matchesRfc6238TestVectors() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] expected = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            assertEquals(expected[i], Totp.code(RFC_SHA1_KEY, times[i] / 30, "HmacSHA1", 8), "t=" + times[i]);
            assertEquals(expected[i].substring(2), Totp.codeAt(RFC_SHA1_KEY, Instant.ofEpochSecond(times[i])),
                    "6 digits, t=" + times[i]);
        }
    }

    @Test
    void usesTheUtf8BytesOfTheRealmSecretAsKey() {
        assertEquals(Totp.codeAt(RFC_SHA1_KEY, Instant.ofEpochSecond(59)),
                Totp.codeAt(Totp.keyOf("12345678901234567890"), Instant.ofEpochSecond(59)));
    }

    @Test
    void encodesSecretsInBase32ForAuthenticatorApps() {
        // RFC 4648 section 10 vectors, without padding.
        assertEquals("", Totp.base32(new byte[0]));
        assertEquals("MY", Totp.base32("f".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("MZXW6YQ", Totp.base32("foob".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.base32(RFC_SHA1_KEY));
    }
}
