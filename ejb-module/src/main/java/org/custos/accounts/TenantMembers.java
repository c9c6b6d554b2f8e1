package org.custos.accounts;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.custos.errors.RequestRefused;
import org.custos.identity.CurrentCaller;
import org.custos.tenancy.NoTenantException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * The Keycloak accounts of the caller's tenant: members of the tenant's top-level group (named by the tenant id).
 * Every account operation finds its account here, so an account of another tenant answers 404 like one that does
 * not exist.
 */
@RequestScoped
public class TenantMembers {

    @Inject
    RealmAdminClient keycloak;

    @Inject
    CurrentCaller caller;

    public RealmResource realm() {
        return keycloak.realm();
    }

    /** @throws RequestRefused 404 when no account of the tenant has this username */
    public UserResource member(String username) {
        RealmResource realm = realm();
        return realm.users().searchByUsername(username, true).stream()
                .map(found -> realm.users().get(found.getId()))
                .filter(this::inTenant)
                .findFirst()
                .orElseThrow(() -> new RequestRefused(404, "No such account"));
    }

    public boolean inTenant(UserResource user) {
        return user.groups().stream().map(GroupRepresentation::getPath).anyMatch(groupPath()::equals);
    }

    /** The caller's tenant's group: tenants are top-level groups named by the tenant id. */
    public String groupPath() {
        return "/" + tenant();
    }

    public String tenant() {
        return caller.get().tenant().orElseThrow(NoTenantException::new);
    }
}
