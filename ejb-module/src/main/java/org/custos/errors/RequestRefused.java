package org.custos.errors;

import jakarta.ejb.ApplicationException;

/** A request a service refuses on purpose, with its HTTP status and a message safe to send and log. */
@ApplicationException(rollback = true)
public class RequestRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public RequestRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
