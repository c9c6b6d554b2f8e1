package org.custos.identity;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.nimbusds.jwt.JWTClaimsSet;

/** A verified access token, exposed through the MicroProfile JWT API as the caller principal. */
public final class ValidatedToken implements JsonWebToken {

    private final String rawToken;
    private final JWTClaimsSet claims;
    /** The caller it names, read from the claims once: a request asks for it at every layer it passes. */
    private volatile Caller caller;

    ValidatedToken(String rawToken, JWTClaimsSet claims) {
        this.rawToken = rawToken;
        this.claims = claims;
    }

    Caller caller() {
        Caller read = caller;
        if (read == null) {
            read = Caller.parse(this);
            caller = read;
        }
        return read;
    }

    /** The caller principal's name: the username, or the subject where the token has none. */
    @Override
    public String getName() {
        Object username = claims.getClaim("preferred_username");
        return username instanceof String name ? name : claims.getSubject();
    }

    @Override
    public String getRawToken() {
        return rawToken;
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new HashSet<>(claims.getClaims().keySet());
        names.add("raw_token");
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if ("raw_token".equals(claimName)) {
            return (T) rawToken;
        }
        if ("groups".equals(claimName)) {
            return (T) getGroups();
        }
        if ("aud".equals(claimName)) {
            return (T) getAudience();
        }
        return (T) claims.getClaim(claimName);
    }

    /** The identity provider's login session this token belongs to ({@code sid}); client-credential tokens have none. */
    public Optional<String> sessionId() {
        return claims.getClaim("sid") instanceof String sid && !sid.isBlank() ? Optional.of(sid) : Optional.empty();
    }

    /**
     * The thumbprint of the client key the token is bound to ({@code cnf.jkt}, DPoP): such a token is accepted only
     * with a proof of possession of that key, never as a plain bearer token.
     */
    public Optional<String> boundKeyThumbprint() {
        return claims.getClaim("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
                ? Optional.of(jkt) : Optional.empty();
    }

    /** When the token was issued ({@code iat}, which verification requires). */
    public Instant issuedAt() {
        return claims.getIssueTime().toInstant();
    }

    /** Realm roles (Keycloak's mapper puts them in {@code groups}). */
    @Override
    public Set<String> getGroups() {
        return stringSet(claims.getClaim("groups"));
    }

    @Override
    public Set<String> getAudience() {
        return new LinkedHashSet<>(claims.getAudience());
    }

    private static Set<String> stringSet(Object value) {
        if (value instanceof List<?> list) {
            Set<String> values = new LinkedHashSet<>();
            list.forEach(item -> values.add(String.valueOf(item)));
            return values;
        }
        return value instanceof String single ? Set.of(single) : Set.of();
    }

    /** Never the raw token: a principal's text may end up in a log. */
    @Override
    public String toString() {
        return "ValidatedToken[" + getName() + "]";
    }
}
