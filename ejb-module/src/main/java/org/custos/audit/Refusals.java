package org.custos.audit;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records refusals that happen before any audited service runs: authentication failures (401) and the container's
 * role checks (403). The request is refused either way; if its record cannot be written, that is logged (without
 * data) rather than turning the refusal into another error.
 */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

    @Inject
    AuditTrail trail;

    @Inject
    AuditedCallers callers;

    @Inject
    RequestOrigin origin;

    /** @param reason a safe message (no data); a request's further refusals are not recorded again */
    public void record(int status, String reason) {
        if (!origin.firstRefusal()) {
            return;
        }
        String action = status == 401 ? "authentication-failure" : "access-denied";
        try {
            trail.recordAlone(AuditRecord.by(callers.current(), action, null, null, null, List.of(), status,
                    Optional.of(reason)));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "A refusal (HTTP {0}) of request {1} could not be recorded in the audit trail",
                    new Object[] {status, origin.requestId()});
        }
    }
}
