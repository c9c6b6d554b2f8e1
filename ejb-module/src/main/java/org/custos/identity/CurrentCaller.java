package org.custos.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, resolved once from the MicroProfile JWT that Payara validated
 * (signature against the realm's JWKS, issuer, audience, expiry).
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    JsonWebToken token;

    private Caller caller;

    /**
     * @return the caller
     * @throws UnauthenticatedException when the request carries no validated token
     */
    public Caller get() {
        if (caller == null) {
            if (token == null || token.getRawToken() == null || token.getSubject() == null) {
                throw new UnauthenticatedException();
            }
            caller = Caller.fromToken(token);
        }
        return caller;
    }
}
