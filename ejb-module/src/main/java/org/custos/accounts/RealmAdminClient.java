package org.custos.accounts;

import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.custos.errors.RequestRefused;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;

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

    @PreDestroy
    synchronized void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
