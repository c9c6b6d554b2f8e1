package org.custos.web;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One line per API request in the server log — request id, user (the token's subject), method, route template,
 * status, duration — for operations. Never PHI: no query string, no body, and ids in the path replaced by their
 * place in the route ({@link RouteTemplates}).
 */
@WebFilter(urlPatterns = {"/fhir/*", "/api/*"})
public class RequestLogFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            String user = request.getUserPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                    ? token.getSubject() : "-";
            LOG.info(() -> String.format("request %s user %s %s %s -> %d in %.1f ms", RequestIds.of(request), user,
                    request.getMethod(), RouteTemplates.of(request.getRequestURI().substring(
                            request.getContextPath().length())), response.getStatus(),
                    (System.nanoTime() - started) / 1e6));
        }
    }
}
