package org.custos.identity;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller as the validated access token describes it.
 *
 * @param subject  the token's {@code sub}: Keycloak's stable user (or service account) id
 * @param username {@code preferred_username}
 * @param clientId {@code azp}: the OAuth client the token was issued to
 * @param tenant   the hospital or clinic the caller belongs to; empty when the token carries none
 * @param roles    realm roles ({@code groups} claim)
 */
public record Caller(String subject, String username, String clientId, Optional<String> tenant, Set<String> roles) {

    /** The claim that carries the tenant; set by a Keycloak mapper from the user's tenant group. */
    public static final String TENANT_CLAIM = "tenant";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller fromToken(JsonWebToken token) {
        return new Caller(
                token.getSubject(),
                stringClaim(token, "preferred_username").orElse(token.getName()),
                stringClaim(token, "azp").orElse(""),
                stringClaim(token, TENANT_CLAIM).filter(t -> !t.isBlank()),
                token.getGroups() == null ? Set.of() : new TreeSet<>(token.getGroups()));
    }

    private static Optional<String> stringClaim(JsonWebToken token, String name) {
        return token.getClaim(name) instanceof String text ? Optional.of(text) : Optional.empty();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
