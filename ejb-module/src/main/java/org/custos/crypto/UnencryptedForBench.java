package org.custos.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import com.google.crypto.tink.Aead;

/**
 * The data "cipher" of the benchmark's unencrypted twin ({@code custos.crypto.unencrypted-for-bench=true}, accepted
 * only in the dev profile): values are stored as they are behind a prefix naming key id 0, which no keyset holds —
 * so a server with real keys refuses them as it refuses any value of an unknown key, and the bench measures what
 * sealing costs and nothing else. Never a production option.
 */
final class UnencryptedForBench implements Aead {

    private static final byte[] PREFIX = {1, 0, 0, 0, 0};

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] stored = Arrays.copyOf(PREFIX, PREFIX.length + plaintext.length);
        System.arraycopy(plaintext, 0, stored, PREFIX.length, plaintext.length);
        return stored;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < PREFIX.length || !Arrays.equals(PREFIX, 0, PREFIX.length, ciphertext, 0, PREFIX.length)) {
            throw new GeneralSecurityException("Not a value of the unencrypted bench twin");
        }
        return Arrays.copyOfRange(ciphertext, PREFIX.length, ciphertext.length);
    }
}
