package org.custos.web;

import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.identity.AccessTokens;
import org.custos.identity.DpopProofs;
import org.custos.identity.ValidatedToken;

/**
 * Bearer-token authentication of the FHIR endpoint and the admin API (RFC 6750). A protected request without a token
 * or with a token that fails verification is refused with 401 before any application code runs; a valid token
 * becomes the caller principal (a MicroProfile {@code JsonWebToken}) with its realm roles as groups.
 *
 * <p>This replaces Payara's built-in MP-JWT mechanism, which lets a protected request without a token through as an
 * empty 200 instead of a 401 challenge, and gives one place for every token check: signature and claims, revocation
 * ({@link AccessTokens}) and, for tokens bound to a client key, the DPoP proof of possession (RFC 9449).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String DPOP = "DPoP ";
    private static final String VALIDATED = BearerTokenMechanism.class.getName() + ".token";

    @Inject
    AccessTokens accessTokens;

    @Inject
    DpopProofs dpopProofs;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        boolean bearer = startsWith(authorization, BEARER);
        boolean dpop = startsWith(authorization, DPOP);
        if (!bearer && !dpop) {
            return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
        }
        ValidatedToken token = (ValidatedToken) request.getAttribute(VALIDATED);
        if (token == null) {
            String raw = authorization.substring(bearer ? BEARER.length() : DPOP.length()).trim();
            token = accessTokens.verify(raw).filter(valid -> possessionProven(valid, dpop, raw, request)).orElse(null);
            // The container may ask again within one request; a DPoP proof must not count as replayed then.
            request.setAttribute(VALIDATED, token);
        }
        if (token == null) {
            return context.isProtected() ? context.responseUnauthorized() : context.doNothing();
        }
        return context.notifyContainerAboutLogin(token, token.getGroups());
    }

    /**
     * A token bound to a client key (DPoP) counts only with a proof of that key made for this request; presented as
     * a bearer token, it is refused — that is the point of binding it. Unbound tokens need no proof.
     */
    private boolean possessionProven(ValidatedToken token, boolean dpop, String raw, HttpServletRequest request) {
        String boundKey = token.boundKeyThumbprint().orElse(null);
        if (boundKey == null) {
            return !dpop;
        }
        List<String> proofs = Collections.list(request.getHeaders("DPoP"));
        return dpop && proofs.size() == 1 && dpopProofs.accepts(proofs.get(0), request.getMethod(),
                request.getRequestURL().toString(), raw, boundKey);
    }

    private static boolean startsWith(String header, String scheme) {
        return header != null && header.regionMatches(true, 0, scheme, 0, scheme.length());
    }
}
