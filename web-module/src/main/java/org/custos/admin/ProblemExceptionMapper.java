package org.custos.admin;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.custos.audit.Refusals;
import org.custos.errors.Failure;
import org.custos.web.Problem;
import org.custos.web.RequestIds;

/**
 * The admin API's one error mapper: every exception becomes RFC 9457 problem JSON with the request id. Unexpected
 * errors are logged by type and request id only; their messages may hold PHI.
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Inject
    Refusals refusals;

    @Override
    public Response toResponse(Throwable error) {
        String requestId = RequestIds.of(request);
        Problem problem = problemFor(error, requestId);
        if (Failure.isRoleDenial(error)) {
            refusals.record(problem.status(), problem.detail());
        }
        if (problem.status() >= 500) {
            LOG.log(Level.SEVERE, "Internal error in request {0}: {1}", new Object[] {requestId, error.getClass().getName()});
        }
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(RequestIds.HEADER, requestId)
                .entity(problem.toJson().toString());
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"custos\"");
        }
        return response.build();
    }

    private Problem problemFor(Throwable error, String requestId) {
        String path = request.getRequestURI();
        Optional<Failure> failure = Failure.of(error);
        if (failure.isPresent()) {
            return Problem.of(failure.get().status(), failure.get().message(), path, requestId);
        }
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return Problem.of(web.getResponse().getStatus(), "The request was not accepted", path, requestId);
        }
        return Problem.of(500, "Internal server error", path, requestId);
    }
}
