package org.custos.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.audit.RequestOrigin;

/**
 * Gives every request its id before the application sees it, and tells the audit trail where the request came from. HAPI reads {@code X-Request-Id} itself, so the request
 * is presented with the chosen id in that header: the FHIR endpoint and the admin API report the same id.
 */
@WebFilter(urlPatterns = "/*")
public class RequestIdFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    RequestOrigin origin;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, id);
        RequestIds.describe(request, request.getRequestURI(), origin);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return RequestIds.HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return RequestIds.HEADER.equalsIgnoreCase(name)
                        ? Collections.enumeration(java.util.List.of(id)) : super.getHeaders(name);
            }
        }, response);
    }
}
