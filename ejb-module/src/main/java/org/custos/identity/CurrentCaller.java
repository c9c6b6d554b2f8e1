package org.custos.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, from the principal the bearer-token mechanism established: a verified access
 * token (see {@link TokenVerifier}), exposed as a MicroProfile {@link JsonWebToken}. The token reads its caller once
 * ({@link Caller#fromToken}); this bean keeps nothing itself, so it is application-scoped and a request does not pay
 * for creating it.
 */
@ApplicationScoped
public class CurrentCaller {

    @Inject
    SecurityContext securityContext;

    /**
     * @return the caller
     * @throws UnauthenticatedException when the request carries no validated token
     */
    public Caller get() {
        if (!(securityContext.getCallerPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            throw new UnauthenticatedException();
        }
        return Caller.fromToken(token);
    }
}
