package org.custos.web;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.audit.Refusals;
import org.custos.audit.RequestOrigin;


/**
 * Answers the errors the container sends before application code runs: 401 for missing, invalid, expired or foreign
 * tokens, 403, 413 for bodies over the limit, and 500 when authentication itself fails (fail closed). FHIR clients get an OperationOutcome, admin
 * clients a problem JSON; both get the request id, and 401s get the RFC 6750 {@code WWW-Authenticate} challenge.
 * Why a token was rejected is not told to the caller.
 */
@WebServlet(urlPatterns = "/container-error")
public class ContainerErrorServlet extends HttpServlet {

    /** A request attribute with the safe reason a filter refused the request with (403). */
    static final String REFUSAL_DETAIL = "custos.refusal.detail";

    private static final long serialVersionUID = 1L;
    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    Refusals refusals;

    @Inject
    RequestOrigin origin;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 401;
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : "/";
        String requestId = RequestIds.of(request);
        response.setStatus(status);
        response.setHeader(RequestIds.HEADER, requestId);
        String detail;
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            boolean tokenPresented = request.getHeader("Authorization") != null;
            response.setHeader("WWW-Authenticate", tokenPresented
                    ? "Bearer realm=\"custos\", error=\"invalid_token\"" : "Bearer realm=\"custos\"");
            detail = tokenPresented ? "The access token is not valid here" : "An access token is required";
        } else if (status == HttpServletResponse.SC_FORBIDDEN) {
            detail = request.getAttribute(REFUSAL_DETAIL) instanceof String why ? why : "Access denied";
        } else if (status == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
            detail = "The request body is larger than this server accepts";
        } else if (status == TOO_MANY_REQUESTS) {
            detail = "Your organization's request rate is exceeded; retry after the seconds in Retry-After";
        } else {
            detail = "Internal server error";
        }
        if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
            RequestIds.describe(request, path, origin);
            refusals.record(status, detail);
        }
        response.setCharacterEncoding("UTF-8");
        if (path.startsWith(request.getContextPath() + "/fhir")) {
            OperationOutcomeResponses.write(response, status, detail + " (request id " + requestId + ")");
        } else {
            response.setContentType(Problem.MEDIA_TYPE);
            response.getWriter().write(Problem.of(status, detail, path, requestId).toJson().toString());
        }
    }
}
