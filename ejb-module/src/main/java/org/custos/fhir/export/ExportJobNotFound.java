package org.custos.fhir.export;

import jakarta.ejb.ApplicationException;

/**
 * No export job with this id exists for the caller: never started, cancelled, or started by another client (which
 * is not told apart, so a job id reveals nothing to anyone but its requester).
 */
@ApplicationException(rollback = true)
public class ExportJobNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExportJobNotFound() {
        super("No such export job");
    }
}
