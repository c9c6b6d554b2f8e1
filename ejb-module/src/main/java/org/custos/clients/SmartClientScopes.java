package org.custos.clients;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/**
 * The realm's client scopes by name. A SMART scope the realm does not offer yet (e.g.
 * {@code system/Immunization.rs}) is created on first use, so any valid scope can be registered; each appears in
 * the tokens' {@code scope} claim, which is what the FHIR API enforces.
 */
@ApplicationScoped
public class SmartClientScopes {

    /** The scope's id; a missing one is created (only valid SMART scopes reach this). */
    synchronized String idOf(RealmResource realm, String name) {
        return realm.clientScopes().findAll().stream().filter(scope -> name.equals(scope.getName())).findFirst()
                .map(ClientScopeRepresentation::getId)
                .orElseGet(() -> create(realm, name));
    }

    private static String create(RealmResource realm, String name) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName(name);
        scope.setProtocol("openid-connect");
        scope.setDescription("SMART scope, created when a client was registered with it");
        scope.setAttributes(Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false"));
        try (Response created = realm.clientScopes().create(scope)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }
}
