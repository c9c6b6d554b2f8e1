package org.custos.tenants;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import org.custos.accounts.TenantMembers;
import org.custos.audit.Audited;
import org.custos.errors.RequestRefused;
import org.custos.errors.ValidInput;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * Creating and configuring tenants. A tenant is a top-level Keycloak group named by its id, with the attribute
 * {@code tenant} that the realm's claim mapper puts into the tokens of the group's members, plus a row of settings.
 * Platform administrators create tenants and see all; a tenant's administrator sees and configures their own only
 * (another answers 404).
 */
@Stateless
public class Tenants {

    private static final int MAX_TENANTS = 1000;

    @Inject
    TenantTable table;

    @Inject
    TenantMembers keycloak;

    @Inject
    CurrentCaller caller;

    @Inject
    Validator validator;

    @Inject
    RequestBudgets budgets;

    /** The Keycloak group first (its id is taken or not), then the settings; a failure leaves neither behind. */
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Audited(value = "create-tenant", target = "Tenant", idArgument = -1)
    public Tenant create(TenantForm form) {
        ValidInput.require(validator, form);
        if (form.getId() == null) {
            throw new RequestRefused(400, "Invalid fields: id");
        }
        Tenant tenant = form.toTenant(form.getId());
        RealmResource realm = keycloak.realm();
        GroupRepresentation group = new GroupRepresentation();
        group.setName(tenant.id());
        group.setAttributes(Map.of(Caller.TENANT_CLAIM, List.of(tenant.id())));
        String groupId;
        try (Response created = realm.groups().add(group)) {
            if (created.getStatus() == 409) {
                throw new RequestRefused(409, "A tenant with this id exists already");
            }
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the tenant's group: HTTP " + created.getStatus());
            }
            groupId = CreatedResponseUtil.getCreatedId(created);
        }
        try {
            if (!table.insert(tenant)) {
                throw new RequestRefused(409, "A tenant with this id exists already");
            }
        } catch (RuntimeException e) {
            realm.groups().group(groupId).remove();
            throw e;
        }
        return tenant;
    }

    /** Every tenant with a Keycloak group, with its settings (defaults for one nobody configured yet). */
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Audited(value = "list-tenants", target = "Tenant", idArgument = -1)
    public List<Tenant> list() {
        Map<String, Tenant> tenants = new LinkedHashMap<>();
        tenantGroups().forEach(id -> tenants.put(id, Tenant.withDefaults(id, id)));
        table.all().forEach(tenant -> tenants.put(tenant.id(), tenant));
        return List.copyOf(tenants.values());
    }

    @RolesAllowed({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Audited(value = "read-tenant", target = "Tenant")
    public Tenant get(String id) {
        requireReach(id);
        return table.find(id).orElseGet(() -> existingWithDefaults(id));
    }

    /** Saves the settings; this server's request budget for the tenant follows at once, the others within a minute. */
    @RolesAllowed({Roles.ADMIN, Roles.PLATFORM_ADMIN})
    @Audited(value = "configure-tenant", target = "Tenant")
    public Tenant configure(String id, TenantForm form) {
        ValidInput.require(validator, form);
        requireReach(id);
        if (form.getId() != null && !form.getId().equals(id)) {
            throw new RequestRefused(400, "A tenant's id cannot change");
        }
        if (table.find(id).isEmpty()) {
            existingWithDefaults(id);
        }
        Tenant tenant = form.toTenant(id);
        table.save(tenant);
        budgets.forget(id);
        return tenant;
    }

    /** Platform administrators reach every tenant; anyone else only their own. */
    private void requireReach(String id) {
        if (!caller.get().reachesTenant(id)) {
            throw new RequestRefused(404, "No such tenant");
        }
    }

    private Tenant existingWithDefaults(String id) {
        return tenantGroups().stream().filter(id::equals).findFirst().map(found -> Tenant.withDefaults(id, id))
                .orElseThrow(() -> new RequestRefused(404, "No such tenant"));
    }

    /** The ids of the top-level groups that carry a tenant attribute. */
    private List<String> tenantGroups() {
        return keycloak.realm().groups().groups(null, 0, MAX_TENANTS, false).stream()
                .map(group -> Optional.ofNullable(group.getAttributes()).map(a -> a.get(Caller.TENANT_CLAIM))
                        .filter(values -> !values.isEmpty()).map(values -> values.get(0)))
                .flatMap(Optional::stream).sorted().toList();
    }
}
