package org.custos.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.audit.RequestOrigin;
import org.custos.identity.Caller;
import org.custos.identity.PurposesOfUse;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The purpose of use of an authenticated request: declared by the request ({@code X-Purpose-Of-Use}) or the token
 * (claim {@code purpose_of_use}), else the caller's role's default ({@link PurposesOfUse}). A purpose the caller's
 * roles may not declare is refused with 403 before anything runs; the effective purpose goes into every audit
 * record of the request.
 */
@WebFilter(urlPatterns = {"/fhir/*", "/api/*"})
public class PurposeOfUseFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    RequestOrigin origin;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            Caller caller = Caller.fromToken(token);
            Optional<String> declared = Optional.ofNullable(request.getHeader(PurposesOfUse.HEADER))
                    .or(() -> token.getClaim(PurposesOfUse.CLAIM) instanceof String claim ? Optional.of(claim)
                            : Optional.empty())
                    .map(String::trim);
            if (declared.isPresent() && !PurposesOfUse.mayDeclare(declared.get(), caller.roles())) {
                request.setAttribute(ContainerErrorServlet.REFUSAL_DETAIL, "Your role may not declare this purpose"
                        + " of use");
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            RequestIds.describe(request, request.getRequestURI(), origin);
            origin.declarePurpose(declared.or(() -> PurposesOfUse.defaultFor(caller.roles())).orElse(null));
        }
        chain.doFilter(request, response);
    }
}
