package org.custos.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import org.custos.access.SmartScope;
import org.custos.accounts.TenantMembers;
import org.custos.audit.Audited;
import org.custos.errors.RequestRefused;
import org.custos.errors.ValidInput;
import org.custos.identity.Revocations;
import org.custos.identity.Roles;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/**
 * The EHR clients of the caller's tenant. A registration is a confidential Keycloak client with a service account
 * in the tenant's group and the EHR-client role, whose tokens carry the fhir-api audience, the tenant claim and
 * exactly the SMART system scopes it was registered for. Administrators only; another tenant's client answers 404.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class EhrClients {

    /** The client attribute naming the tenant that owns a registration. */
    static final String TENANT_ATTRIBUTE = "custos.tenant";
    private static final String DPOP_ATTRIBUTE = "dpop.bound.access.tokens";
    /** What every API client needs in its tokens: subject, audience, roles and tenant. */
    private static final List<String> BASE_SCOPES = List.of("basic", "acr", "fhir-api-audience", "custos-claims");

    @Inject
    TenantMembers members;

    @Inject
    Revocations revocations;

    @Inject
    Validator validator;

    @Inject
    SmartClientScopes clientScopes;

    @Audited(value = "list-clients", target = "EhrClient", idArgument = -1)
    public List<EhrClient> list() {
        RealmResource realm = members.realm();
        return realm.clients().findAll().stream().filter(this::ownedByTenant)
                .map(client -> describe(realm.clients().get(client.getId()), client)).toList();
    }

    /** Registers the client and returns its secret — the only time the secret is shown. */
    @Audited(value = "register-client", target = "EhrClient", idArgument = -1)
    public ClientSecret register(NewEhrClient request) {
        ValidInput.require(validator, request);
        List<String> scopes = request.getScopes().stream().distinct().toList();
        List<String> notBackend = scopes.stream().filter(scope -> SmartScope.parse(scope)
                .filter(parsed -> parsed.context() == SmartScope.Context.SYSTEM).isEmpty()).toList();
        if (!notBackend.isEmpty()) {
            throw new RequestRefused(400, "Not SMART system scopes: " + String.join(", ", notBackend));
        }
        RealmResource realm = members.realm();
        try (Response created = realm.clients().create(representation(request))) {
            if (created.getStatus() == 409) {
                throw new RequestRefused(409, "A client with this id exists already");
            }
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the client: HTTP " + created.getStatus());
            }
        }
        ClientResource client = realm.clients().get(realm.clients().findByClientId(request.getClientId()).get(0)
                .getId());
        try {
            List<String> wanted = new ArrayList<>(BASE_SCOPES);
            wanted.addAll(scopes);
            Set<String> present = client.getDefaultClientScopes().stream().map(ClientScopeRepresentation::getName)
                    .collect(Collectors.toSet());
            wanted.stream().filter(scope -> !present.contains(scope))
                    .forEach(scope -> client.addDefaultClientScope(clientScopes.idOf(realm, scope)));
            UserResource account = realm.users().get(client.getServiceAccountUser().getId());
            account.joinGroup(realm.getGroupByPath(members.groupPath()).getId());
            account.roles().realmLevel().add(List.of(realm.roles().get(Roles.EHR_CLIENT).toRepresentation()));
            return new ClientSecret(request.getClientId(), client.getSecret().getValue());
        } catch (RuntimeException e) {
            // Nothing half-made stays behind.
            client.remove();
            throw new RequestRefused(502, "The client was not registered: Keycloak could not complete it");
        }
    }

    /**
     * A new secret; the old one stops working at once, and so does every token issued with it (a rotation is
     * usually because the old secret may have leaked).
     */
    @Audited(value = "rotate-client-secret", target = "EhrClient")
    public ClientSecret rotateSecret(String clientId) {
        ClientResource client = owned(clientId);
        String secret = client.generateNewSecret().getValue();
        revocations.revokeSubject(client.getServiceAccountUser().getId());
        return new ClientSecret(clientId, secret);
    }

    /** Disabled: no new tokens, and those it holds are refused from their next call. */
    @Audited(value = "set-client-enabled", target = "EhrClient")
    public EhrClient setEnabled(String clientId, boolean enabled) {
        ClientResource client = owned(clientId);
        ClientRepresentation representation = client.toRepresentation();
        representation.setEnabled(enabled);
        client.update(representation);
        if (!enabled) {
            revocations.revokeSubject(client.getServiceAccountUser().getId());
        }
        return describe(client, client.toRepresentation());
    }

    private ClientRepresentation representation(NewEhrClient request) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(request.getClientId());
        client.setName(request.getName());
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setClientAuthenticatorType("client-secret");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setFrontchannelLogout(false);
        client.setFullScopeAllowed(true);
        client.setDefaultClientScopes(BASE_SCOPES);
        client.setOptionalClientScopes(List.of());
        client.setAttributes(Map.of(TENANT_ATTRIBUTE, members.tenant(),
                DPOP_ATTRIBUTE, Boolean.toString(request.isDpopBound()),
                "use.refresh.tokens", "false",
                "client_credentials.use_refresh_token", "false"));
        return client;
    }

    /** @throws RequestRefused 404 when the tenant has no client with this id */
    private ClientResource owned(String clientId) {
        RealmResource realm = members.realm();
        return realm.clients().findByClientId(clientId).stream().filter(this::ownedByTenant).findFirst()
                .map(client -> realm.clients().get(client.getId()))
                .orElseThrow(() -> new RequestRefused(404, "No such client"));
    }

    private boolean ownedByTenant(ClientRepresentation client) {
        return client.getAttributes() != null && members.tenant().equals(client.getAttributes().get(TENANT_ATTRIBUTE));
    }

    private static EhrClient describe(ClientResource resource, ClientRepresentation client) {
        List<String> scopes = resource.getDefaultClientScopes().stream().map(ClientScopeRepresentation::getName)
                .filter(name -> SmartScope.parse(name).isPresent()).sorted().toList();
        return new EhrClient(client.getClientId(), client.getName(), Boolean.TRUE.equals(client.isEnabled()), scopes,
                "true".equals(client.getAttributes().get(DPOP_ATTRIBUTE)));
    }
}
