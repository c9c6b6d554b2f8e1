package org.custos.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.mac.HmacKey;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * The keys that make the audit trail tamper-evident beyond its hash chain: the {@code audit-mac} keyset
 * (HMAC-SHA256) authenticates every record as written by the application, so a row inserted behind its back is
 * found; the {@code audit-signing} keyset (Ed25519) signs checkpoints of each chain's head, so a chain rewritten
 * from end to end with recomputed hashes is found. Both rotate like the other keysets: every tag and signature
 * carries the id of its key.
 */
public final class AuditKeys {

    private static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Mac mac;
    private final PublicKeySign signer;
    private final PublicKeyVerify verifier;

    private AuditKeys(Mac mac, PublicKeySign signer, PublicKeyVerify verifier) {
        this.mac = mac;
        this.signer = signer;
        this.verifier = verifier;
    }

    /**
     * The audit keys named in this configuration (the names of {@link KeysetSource}; the command-line verification
     * passes the environment).
     */
    public static AuditKeys fromConfig(Function<String, Optional<String>> config) {
        return load(new KeysetSource(config));
    }

    static AuditKeys load(KeysetSource source) {
        try {
            MacConfig.register();
            SignatureConfig.register();
            KeysetHandle macKeys = source.keyset("audit-mac", "HMAC-SHA256 with a tag of 32 bytes",
                    key -> key instanceof HmacKey hmac
                            && hmac.getParameters().getHashType() == HmacParameters.HashType.SHA256
                            && hmac.getParameters().getKeySizeBytes() >= 32
                            && hmac.getParameters().getCryptographicTagSizeBytes() == 32);
            KeysetHandle signingKeys = source.keyset("audit-signing", "Ed25519",
                    key -> key instanceof Ed25519PrivateKey);
            return new AuditKeys(macKeys.getPrimitive(RegistryConfiguration.get(), Mac.class),
                    signingKeys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class),
                    signingKeys.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class));
        } catch (GeneralSecurityException e) {
            throw new KeysetSource.MissingKeys("The audit keysets cannot be used", e);
        }
    }

    /**
     * A MAC of a record's content: a fresh random nonce followed by the tag over nonce and content. The nonce makes
     * every record's MAC distinct, so a copy of a genuine record is as visible as a forged one.
     */
    public byte[] macOf(byte[] content) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] tag = mac.computeMac(withNonce(nonce, content));
            byte[] result = Arrays.copyOf(nonce, NONCE_BYTES + tag.length);
            System.arraycopy(tag, 0, result, NONCE_BYTES, tag.length);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit record MAC could not be computed", e);
        }
    }

    /** Whether {@code recordMac} was made by {@link #macOf} for exactly this content, with a key still in the keyset. */
    public boolean macMatches(byte[] recordMac, byte[] content) {
        if (recordMac == null || recordMac.length <= NONCE_BYTES) {
            return false;
        }
        byte[] nonce = Arrays.copyOf(recordMac, NONCE_BYTES);
        try {
            mac.verifyMac(Arrays.copyOfRange(recordMac, NONCE_BYTES, recordMac.length), withNonce(nonce, content));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public byte[] sign(byte[] checkpoint) {
        try {
            return signer.sign(checkpoint);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit checkpoint could not be signed", e);
        }
    }

    public boolean signatureMatches(byte[] signature, byte[] checkpoint) {
        try {
            verifier.verify(signature, checkpoint);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] withNonce(byte[] nonce, byte[] content) {
        byte[] joined = Arrays.copyOf(nonce, nonce.length + content.length);
        System.arraycopy(content, 0, joined, nonce.length, content.length);
        return joined;
    }
}
