package org.custos.identity;

import jakarta.ejb.ApplicationException;

/** A service was reached without a validated token: answered 401, never served. */
@ApplicationException(rollback = true)
public class UnauthenticatedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException() {
        super("No authenticated caller");
    }
}
