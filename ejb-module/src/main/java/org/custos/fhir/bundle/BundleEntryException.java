package org.custos.fhir.bundle;

import jakarta.ejb.ApplicationException;

/**
 * An entry of a transaction failed: the whole transaction is rolled back and the caller learns which entry failed
 * and why, with the status the entry alone would have had. The message names the entry by position, never content.
 */
@ApplicationException(rollback = true)
public class BundleEntryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    BundleEntryException(int index, int status, String reason) {
        super("Transaction entry " + index + " failed, nothing was stored: " + reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
