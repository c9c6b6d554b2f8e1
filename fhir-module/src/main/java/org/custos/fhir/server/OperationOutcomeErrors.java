package org.custos.fhir.server;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.audit.Refusals;
import org.custos.errors.Failure;
import org.custos.fhir.validation.InvalidElement;
import org.custos.fhir.validation.ValidationIssues;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The FHIR endpoint's one error mapper: every failure leaves as an OperationOutcome with the right status and the
 * request id, and none carries PHI or a stack trace. Parser messages quote the request body, so they are replaced;
 * unexpected errors are logged by type and request id only, because their messages may hold resource content.
 */
@Interceptor
public class OperationOutcomeErrors {

    private static final Logger LOG = Logger.getLogger(OperationOutcomeErrors.class.getName());

    private final Refusals refusals;

    OperationOutcomeErrors(Refusals refusals) {
        this.refusals = refusals;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException toOperationOutcome(RequestDetails request, Throwable error) {
        Optional<Failure> failure = Failure.of(error);
        BaseServerResponseException mapped = map(request, error, failure);
        if (Failure.isRoleDenial(error)) {
            refusals.record(mapped.getStatusCode(), mapped.getMessage());
        }
        String message = mapped.getMessage() + " (request id " + request.getRequestId() + ")";
        BaseServerResponseException withRequestId = BaseServerResponseException.newInstance(mapped.getStatusCode(), message);
        mapped.getResponseHeaders().forEach((name, values) -> values.forEach(v -> withRequestId.addResponseHeader(name, v)));
        List<InvalidElement> invalid = failure.map(Failure::invalidElements).orElse(List.of());
        if (!invalid.isEmpty()) {
            withRequestId.setOperationOutcome(validationOutcome(message, invalid));
        }
        return withRequestId;
    }

    /** One issue for the summary, then one per failing element with its path in {@code expression}. */
    private static OperationOutcome validationOutcome(String summary, List<InvalidElement> invalid) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(summary);
        return ValidationIssues.addTo(outcome, invalid);
    }

    private static BaseServerResponseException map(RequestDetails request, Throwable error, Optional<Failure> failure) {
        if (failure.isPresent()) {
            BaseServerResponseException known = BaseServerResponseException.newInstance(failure.get().status(),
                    failure.get().message());
            if (known instanceof AuthenticationException unauthenticated) {
                unauthenticated.addAuthenticateHeaderForRealm("custos");
            }
            return known;
        }
        if (isBodyParseFailure(error)) {
            return new InvalidRequestException("The request body is not a well-formed FHIR resource");
        }
        if (error instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
            return known;
        }
        LOG.log(Level.SEVERE, "Internal error in request {0}: {1}", new Object[] {request.getRequestId(), Failure.typeChain(error)});
        return new InternalErrorException("Internal server error");
    }

    /** The parser's messages quote the request body (HAPI-0450 wraps them), so they never reach the caller. */
    private static boolean isBodyParseFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataFormatException || (t instanceof InvalidRequestException && t.getMessage() != null
                    && t.getMessage().startsWith("HAPI-0450"))) {
                return true;
            }
        }
        return false;
    }
}
