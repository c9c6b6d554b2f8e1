package org.custos.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, resolved once from the principal the bearer-token mechanism established:
 * a verified access token (see {@link TokenVerifier}), exposed as a MicroProfile {@link JsonWebToken}.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    SecurityContext securityContext;

    private Caller caller;

    /**
     * @return the caller
     * @throws UnauthenticatedException when the request carries no validated token
     */
    public Caller get() {
        if (caller == null) {
            if (!(securityContext.getCallerPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
                throw new UnauthenticatedException();
            }
            caller = Caller.fromToken(token);
        }
        return caller;
    }
}
