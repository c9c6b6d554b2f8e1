package org.custos.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 TOTP with the realm's OTP policy (HmacSHA1, 6 digits, 30 s), so scripts and integration tests can log
 * staff in through the password grant of custos-cli, which demands the {@code totp} parameter.
 *
 * <p>Key bytes as Keycloak 26 uses them: an OTP credential without {@code secretEncoding} in its credentialData
 * (as in hospital-realm.json) is keyed with the UTF-8 bytes of its secretData {@code value} string
 * ({@code OTPCredentialModel.getDecodedSecret()}). Authenticator apps need those bytes in base32
 * ({@link #base32(byte[])}).
 *
 * <p>The realm forbids reusing a code (otpPolicyCodeReusable=false): a second login of the same user in the same
 * 30 s window needs {@link #codeAt(byte[], Instant)} for the next window, or waiting.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    private static final String ALGORITHM = "HmacSHA1";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Totp() {
    }

    /** Key bytes of a secret as stored in the realm (secretData value, no secretEncoding). */
    public static byte[] keyOf(String realmSecret) {
        return realmSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The code valid now for a secret as stored in the realm. */
    public static String now(String realmSecret) {
        return codeAt(keyOf(realmSecret), Instant.now());
    }

    public static String codeAt(byte[] key, Instant time) {
        return code(key, Math.floorDiv(time.getEpochSecond(), PERIOD_SECONDS), ALGORITHM, DIGITS);
    }

    /** RFC 4226 HOTP over the time step counter; algorithm and digits are parameters for the RFC vectors. */
    static String code(byte[] key, long counter, String algorithm, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, "RAW"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            long modulus = (long) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** RFC 4648 base32 without padding, the form authenticator apps (otpauth:// URIs) expect. */
    public static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }
}
