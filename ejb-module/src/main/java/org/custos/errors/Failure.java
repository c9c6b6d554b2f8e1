package org.custos.errors;

import java.util.List;
import java.util.Optional;

import jakarta.ejb.AccessLocalException;
import jakarta.ejb.EJBAccessException;

import org.custos.audit.AuditUnavailable;
import org.custos.crypto.IntegrityFailure;
import org.custos.fhir.bundle.BundleEntryException;
import org.custos.fhir.export.ExportJobNotFound;
import org.custos.fhir.search.SearchException;
import org.custos.fhir.store.StoreException;
import org.custos.fhir.validation.InvalidElement;
import org.custos.identity.UnauthenticatedException;
import org.custos.tenancy.NoTenantException;

/**
 * A failure the services raise on purpose, with the HTTP status and caller-safe message it maps to.
 *
 * @param status          HTTP status
 * @param message         safe to send and log: names types and ids, never resource content
 * @param invalidElements for a 422, where validation failed and which rule
 */
public record Failure(int status, String message, List<InvalidElement> invalidElements) {

    public Failure(int status, String message) {
        this(status, message, List.of());
    }

    /**
     * Finds the first known failure in the cause chain (the EJB container and HAPI wrap exceptions).
     *
     * @return empty when the error is not one the services raise on purpose
     */
    public static Optional<Failure> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StoreException refused) {
                return Optional.of(new Failure(refused.status(), refused.getMessage(), refused.invalidElements()));
            }
            if (t instanceof RequestRefused refused) {
                return Optional.of(new Failure(refused.status(), refused.getMessage()));
            }
            if (t instanceof BundleEntryException refused) {
                return Optional.of(new Failure(refused.status(), refused.getMessage()));
            }
            if (t instanceof ExportJobNotFound missing) {
                return Optional.of(new Failure(404, missing.getMessage()));
            }
            if (t instanceof SearchException refused) {
                return Optional.of(new Failure(400, refused.getMessage()));
            }
            if (t instanceof AuditUnavailable) {
                return Optional.of(new Failure(503, "The access could not be recorded in the audit trail, so it was"
                        + " not carried out; try again later"));
            }
            if (t instanceof IntegrityFailure) {
                return Optional.of(new Failure(500, "Stored data failed its integrity check and was not returned"));
            }
            // The container reports a @RolesAllowed refusal as EJBAccessException or, for some views, AccessLocalException.
            if (t instanceof EJBAccessException || t instanceof AccessLocalException) {
                return Optional.of(new Failure(403, "Your role does not permit this interaction"));
            }
            if (t instanceof NoTenantException) {
                return Optional.of(new Failure(403, "Your access token names no tenant"));
            }
            if (t instanceof UnauthenticatedException) {
                return Optional.of(new Failure(401, "An access token is required"));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the container refused the call for the caller's role ({@code @RolesAllowed}) — before any interceptor
     * ran, so the refusal is recorded by the error mapper that sees it.
     */
    public static boolean isRoleDenial(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof EJBAccessException || t instanceof AccessLocalException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exception types of a cause chain ({@code a.B <- c.D}), for logging an unexpected failure: exception
     * messages may quote request content (PHI), types never do.
     */
    public static String typeChain(Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getName());
        }
        return chain.toString();
    }
}
