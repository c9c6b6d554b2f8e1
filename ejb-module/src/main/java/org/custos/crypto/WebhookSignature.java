package org.custos.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an outgoing webhook call: HMAC-SHA256, keyed with the secret shared with the receiver, over
 * {@code TIMESTAMP.BODY}, sent as {@code X-Custos-Signature: t=TIMESTAMP,v1=HEX}. The timestamp lets the receiver
 * refuse replays of old calls. The key is the receiver's shared secret, not one of the application's keysets: the
 * receiver must be able to compute the same MAC.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Custos-Signature";

    private final byte[] secret;

    public WebhookSignature(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("A webhook secret has at least 32 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for this body sent at this time. */
    public String header(long epochSecond, String body) {
        return "t=" + epochSecond + ",v1=" + HexFormat.of().formatHex(mac(epochSecond, body));
    }

    /** The receiver's check, in constant time. */
    public boolean matches(String header, String body) {
        String[] parts = header.split(",");
        if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
            return false;
        }
        try {
            byte[] expected = mac(Long.parseLong(parts[0].substring(2)), body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts[1].substring(3)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(long epochSecond, String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return hmac.doFinal((epochSecond + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
