package org.custos.crypto;

import java.util.Objects;

/**
 * The value of a sealed entity column. An entity creates one from plaintext and the row's
 * {@link SealingContext}; {@link SealedTextConverter} seals it on insert. Loaded from the database it holds only
 * the ciphertext, and {@link #open(SealingContext)} opens it with the context of the row that holds it, so
 * decryption always checks the value belongs where it was found.
 */
public final class SealedText {

    private final String plaintext;
    private final SealingContext context;
    private final byte[] ciphertext;
    private final PhiCipher cipher;

    private SealedText(String plaintext, SealingContext context, byte[] ciphertext, PhiCipher cipher) {
        this.plaintext = plaintext;
        this.context = context;
        this.ciphertext = ciphertext;
        this.cipher = cipher;
    }

    /** A value to be sealed for the row {@code context} when it is written. */
    public static SealedText of(String plaintext, SealingContext context) {
        return new SealedText(Objects.requireNonNull(plaintext), Objects.requireNonNull(context), null, null);
    }

    static SealedText stored(byte[] ciphertext, PhiCipher cipher) {
        return new SealedText(null, null, ciphertext, cipher);
    }

    /**
     * @param rowContext the context of the row this value was read from
     * @throws IntegrityFailure when the value was not sealed for that row, or was altered
     */
    public String open(SealingContext rowContext) {
        if (plaintext != null) {
            if (!context.equals(rowContext)) {
                throw new IllegalStateException("Value was created for another row");
            }
            return plaintext;
        }
        return cipher.open(ciphertext, rowContext);
    }

    byte[] sealWith(PhiCipher sealer) {
        return ciphertext != null ? ciphertext : sealer.seal(plaintext, context);
    }
}
