package org.custos.tenancy;

import jakarta.ejb.ApplicationException;

/** The caller's token names no tenant: such a caller may reach no tenant's data (403). */
@ApplicationException(rollback = true)
public class NoTenantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoTenantException() {
        super("The access token carries no tenant");
    }
}
