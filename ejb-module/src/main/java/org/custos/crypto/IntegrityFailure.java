package org.custos.crypto;

/**
 * A stored ciphertext did not open: it was altered, moved to another row or tenant, or sealed with a key this
 * server no longer has. The message names the table, column and key id, never content.
 */
public class IntegrityFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IntegrityFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
