package org.custos.identity;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller as the validated access token describes it.
 *
 * @param subject  the token's {@code sub}: Keycloak's stable user (or service account) id
 * @param username {@code preferred_username}
 * @param clientId {@code azp}: the OAuth client the token was issued to
 * @param tenant   the hospital or clinic the caller belongs to; empty when the token carries none
 * @param roles    realm roles ({@code groups} claim)
 * @param scopes   the scopes granted to the token ({@code scope} claim), SMART scopes among them
 * @param patient  the patient in context ({@code patient} claim, SMART {@code launch/patient}); empty when none
 * @param fhirUser the user's own FHIR resource ({@code fhirUser} claim, e.g. {@code Practitioner/123}, from the
 *                 Keycloak user attribute {@code fhir_user}): who the caller is in a consent's actors
 */
public record Caller(String subject, String username, String clientId, Optional<String> tenant, Set<String> roles,
                     Set<String> scopes, Optional<String> patient, Optional<String> fhirUser) {

    /** The claim that carries the tenant; set by a Keycloak mapper from the user's tenant group. */
    public static final String TENANT_CLAIM = "tenant";

    public Caller {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public static Caller fromToken(JsonWebToken token) {
        return token instanceof ValidatedToken validated ? validated.caller() : parse(token);
    }

    static Caller parse(JsonWebToken token) {
        return new Caller(
                token.getSubject(),
                stringClaim(token, "preferred_username").orElse(token.getName()),
                stringClaim(token, "azp").orElse(""),
                stringClaim(token, TENANT_CLAIM).filter(t -> !t.isBlank()),
                token.getGroups() == null ? Set.of() : new TreeSet<>(token.getGroups()),
                stringClaim(token, "scope").map(Caller::words).orElse(Set.of()),
                stringClaim(token, "patient").filter(p -> !p.isBlank()),
                stringClaim(token, "fhirUser").filter(u -> !u.isBlank()));
    }

    private static Optional<String> stringClaim(JsonWebToken token, String name) {
        return token.getClaim(name) instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /** A space-separated list (OAuth's {@code scope}), as a set; Keycloak may name a scope twice. */
    private static Set<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).collect(Collectors.toSet());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * Whether the caller may act on this tenant's administrative data (settings, audit trail): their own tenant, or
     * any tenant for a platform administrator. Callers who may not are answered 404, as if the tenant did not exist.
     */
    public boolean reachesTenant(String tenantId) {
        return hasRole(Roles.PLATFORM_ADMIN) || tenant.filter(tenantId::equals).isPresent();
    }
}
