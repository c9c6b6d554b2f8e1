package org.custos.accounts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import org.custos.errors.RequestRefused;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * The token-issuing realm, administered with the application's own service account ({@code custos-admin-api},
 * client credentials; realm-management roles to view and manage users). One client for the application: it is
 * thread-safe and keeps its token fresh (see docs/keycloak-admin-client-on-payara.md).
 */
@ApplicationScoped
public class RealmAdminClient {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "custos.keycloak.admin-client-id", defaultValue = "custos-admin-api")
    String clientId;

    @Inject
    @ConfigProperty(name = "custos.keycloak.admin-client-secret")
    Optional<String> clientSecret;

    private Keycloak keycloak;
    private String realmName;

    synchronized RealmResource realm() {
        if (keycloak == null) {
            String secret = clientSecret.filter(value -> !value.isBlank()).orElseThrow(() -> new RequestRefused(503,
                    "Account administration is not configured (custos.keycloak.admin-client-secret)"));
            int realms = issuer.indexOf("/realms/");
            realmName = issuer.substring(realms + "/realms/".length());
            keycloak = KeycloakBuilder.builder().serverUrl(issuer.substring(0, realms)).realm(realmName)
                    .grantType("client_credentials").clientId(clientId).clientSecret(secret).build();
        }
        return keycloak.realm(realmName);
    }

    /** Whether the application's service account is configured (account administration and sign-in alerts need it). */
    public boolean configured() {
        return clientSecret.filter(value -> !value.isBlank()).isPresent();
    }

    /**
     * Failed sign-ins at Keycloak (LOGIN_ERROR events) since the moment, oldest first, for the alert rules: user id,
     * username tried, time. Keycloak filters by day; the moment is applied here.
     */
    public List<EventRepresentation> failedSignInsSince(Instant since) {
        String day = DateTimeFormatter.ISO_LOCAL_DATE.format(since.atZone(ZoneOffset.UTC));
        return realm().getEvents(List.of("LOGIN_ERROR"), null, null, day, null, null, 0, 2000).stream()
                .filter(event -> event.getUserId() != null && event.getTime() >= since.toEpochMilli())
                .sorted(Comparator.comparingLong(EventRepresentation::getTime))
                .toList();
    }

    /** The tenant of an account: its top-level group (tenants are groups named by the tenant id). */
    public Optional<String> tenantOf(String userId) {
        try {
            return realm().users().get(userId).groups().stream().map(GroupRepresentation::getPath)
                    .filter(path -> path.lastIndexOf('/') == 0).map(path -> path.substring(1)).findFirst();
        } catch (NotFoundException deleted) {
            return Optional.empty();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
