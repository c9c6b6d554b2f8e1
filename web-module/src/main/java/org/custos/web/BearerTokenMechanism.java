package org.custos.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.identity.AccessTokens;
import org.custos.identity.ValidatedToken;

/**
 * Bearer-token authentication of the FHIR endpoint and the admin API (RFC 6750). A protected request without a token
 * or with a token that fails verification is refused with 401 before any application code runs; a valid token
 * becomes the caller principal (a MicroProfile {@code JsonWebToken}) with its realm roles as groups.
 *
 * <p>This replaces Payara's built-in MP-JWT mechanism, which lets a protected request without a token through as an
 * empty 200 instead of a 401 challenge, and gives one place for later token checks (revocation, DPoP).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    AccessTokens accessTokens;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (!bearer) {
            return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
        }
        ValidatedToken token = accessTokens.verify(authorization.substring(BEARER.length()).trim()).orElse(null);
        if (token == null) {
            return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
        }
        return context.notifyContainerAboutLogin(token, token.getGroups());
    }
}
