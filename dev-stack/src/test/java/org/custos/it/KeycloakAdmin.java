package org.custos.it;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;

/** The test stack's Keycloak through its admin API, logged in as the bootstrap admin of the dev secrets. */
final class KeycloakAdmin {

    private KeycloakAdmin() {
    }

    static Keycloak connect() {
        return KeycloakBuilder.builder()
                .serverUrl(RunningStack.settings().keycloakUrl())
                .realm("master")
                .clientId("admin-cli")
                .username("admin")
                .password(RunningStack.stack().secrets().keycloakAdminPassword())
                .build();
    }

    static RealmResource hospital(Keycloak admin) {
        return admin.realm("hospital");
    }

    static ClientResource clientOf(Keycloak admin, String clientId) {
        RealmResource realm = hospital(admin);
        String id = realm.clients().findByClientId(clientId).get(0).getId();
        return realm.clients().get(id);
    }
}
