package org.custos.audit;

import jakarta.ejb.ApplicationException;

/**
 * The audit record could not be written, so the operation it records must not happen (HIPAA: no unaudited access).
 * Answered with 503; rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class AuditUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AuditUnavailable(Throwable cause) {
        super("The access could not be recorded in the audit trail", cause);
    }
}
