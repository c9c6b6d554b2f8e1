package org.custos.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seals and opens PHI values: Tink AEAD (AES-256-GCM) under the data keyset's primary key, the ciphertext
 * starting with its key's id, the {@link SealingContext} as associated data.
 */
@ApplicationScoped
public class PhiCipher {

    private static final Logger LOG = Logger.getLogger(PhiCipher.class.getName());

    @Inject
    CryptoKeys keys;

    public byte[] seal(String plaintext, SealingContext context) {
        try {
            return keys.data().encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.associatedData());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed for " + context.table() + "." + context.column(), e);
        }
    }

    /** @throws IntegrityFailure when the ciphertext was altered, belongs to another row or its key is unknown */
    public String open(byte[] ciphertext, SealingContext context) {
        try {
            return new String(keys.data().decrypt(ciphertext, context.associatedData()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            String keyId = keyIdOf(ciphertext);
            String where = context.table() + "." + context.column() + " of tenant " + context.tenant()
                    + " (key id " + keyId + ")";
            LOG.severe("Integrity failure: a sealed value of " + where + " did not open; "
                    + (keys.dataKeyEnabled(keyId) ? "it was altered or moved to another row"
                    : "its key is not enabled in the data keyset (disabled or removed)"));
            throw new IntegrityFailure("A stored value of " + context.table() + " failed its integrity check", e);
        }
    }

    /** Whether a ciphertext is sealed under the current primary key (a re-encryption job leaves it as it is). */
    public boolean sealedUnderPrimary(byte[] ciphertext) {
        return keyIdOf(ciphertext).equals(Integer.toUnsignedString(keys.dataPrimaryId()));
    }

    /** The id of the key a ciphertext names (Tink prefix: version byte 1, then the id). */
    public static String keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 5 || ciphertext[0] != 1) {
            return "none";
        }
        return Integer.toUnsignedString(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }
}
