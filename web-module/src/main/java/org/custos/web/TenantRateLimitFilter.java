package org.custos.web;

import java.io.IOException;
import java.util.OptionalInt;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.identity.Caller;
import org.custos.tenants.RequestBudgets;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Holds every authenticated API request to its tenant's request budget: beyond it, 429 with {@code Retry-After}
 * (rendered as OperationOutcome or problem JSON like every container error). The tenant is the validated token's;
 * requests without one are refused elsewhere and cost no budget.
 */
@WebFilter(urlPatterns = {"/fhir/*", "/api/*"})
public class TenantRateLimitFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    RequestBudgets budgets;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() instanceof JsonWebToken token
                && token.getClaim(Caller.TENANT_CLAIM) instanceof String tenant && !tenant.isBlank()) {
            OptionalInt retryAfter = budgets.take(tenant);
            if (retryAfter.isPresent()) {
                response.setHeader("Retry-After", Integer.toString(retryAfter.getAsInt()));
                response.sendError(TOO_MANY_REQUESTS);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
