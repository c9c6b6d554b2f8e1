package org.custos.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.r4.model.OperationOutcome;

/** FHIR errors written by servlets outside the HAPI server: an OperationOutcome with the status's issue type. */
final class OperationOutcomeResponses {

    private OperationOutcomeResponses() {
    }

    static void write(HttpServletResponse response, int status, String diagnostics) throws IOException {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(switch (status) {
                    case HttpServletResponse.SC_UNAUTHORIZED -> OperationOutcome.IssueType.LOGIN;
                    case HttpServletResponse.SC_FORBIDDEN -> OperationOutcome.IssueType.FORBIDDEN;
                    case HttpServletResponse.SC_NOT_FOUND -> OperationOutcome.IssueType.NOTFOUND;
                    case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> OperationOutcome.IssueType.TOOCOSTLY;
                    default -> OperationOutcome.IssueType.EXCEPTION;
                })
                .setDiagnostics(diagnostics);
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("application/fhir+json");
        response.getWriter().write(FhirContexts.r4().newJsonParser().encodeResourceToString(outcome));
    }
}
