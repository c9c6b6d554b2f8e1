package org.custos.accounts;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import org.custos.errors.RequestRefused;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Revocations;
import org.custos.identity.Roles;
import org.custos.tenancy.NoTenantException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The staff accounts of the caller's tenant (members of the tenant's Keycloak group). Administrators only, and only
 * their own tenant: another tenant's account answers 404 like one that does not exist.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class StaffAccounts {

    private static final Set<String> STAFF_ROLES = Set.of(Roles.ADMIN, Roles.CLINICIAN, Roles.NURSE, Roles.AUDITOR,
            Roles.PRIVACY_OFFICER);
    /**
     * What a new account must do at its first sign-in, from the link Keycloak e-mails; TOTP is what the realm's MFA
     * flows then demand.
     */
    private static final List<String> FIRST_SIGN_IN = List.of("VERIFY_EMAIL", "UPDATE_PASSWORD", "CONFIGURE_TOTP");

    @Inject
    RealmAdminClient keycloak;

    @Inject
    CurrentCaller caller;

    @Inject
    Revocations revocations;

    @Inject
    Validator validator;

    /** A page of the tenant's accounts, optionally those whose username, name or e-mail contains {@code search}. */
    public List<StaffAccount> list(String search, int first, int max) {
        RealmResource realm = keycloak.realm();
        String groupId = realm.getGroupByPath(groupPath()).getId();
        List<UserRepresentation> users = search == null || search.isBlank()
                ? realm.groups().group(groupId).members(first, max, true)
                : realm.users().search(search.trim(), first, max, true).stream()
                        .filter(user -> inTenant(realm.users().get(user.getId()))).toList();
        return users.stream().map(user -> account(realm, user)).toList();
    }

    public StaffAccount create(NewStaffAccount account) {
        Set<ConstraintViolation<NewStaffAccount>> violations = validator.validate(account);
        if (!violations.isEmpty()) {
            throw new RequestRefused(400, "Invalid fields: " + violations.stream()
                    .map(violation -> violation.getPropertyPath().toString()).sorted().collect(Collectors.joining(", ")));
        }
        RealmResource realm = keycloak.realm();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(account.getUsername());
        user.setFirstName(account.getFirstName());
        user.setLastName(account.getLastName());
        user.setEmail(account.getEmail());
        user.setEnabled(true);
        user.setGroups(List.of(groupPath()));
        user.setRequiredActions(FIRST_SIGN_IN);
        try (Response created = realm.users().create(user)) {
            if (created.getStatus() == 409) {
                throw new RequestRefused(409, "An account with this username or e-mail already exists");
            }
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the account: HTTP " + created.getStatus());
            }
        }
        UserResource stored = member(realm, account.getUsername());
        try {
            RoleRepresentation role = realm.roles().get(account.getRole()).toRepresentation();
            stored.roles().realmLevel().add(List.of(role));
            stored.executeActionsEmail(FIRST_SIGN_IN);
        } catch (RuntimeException e) {
            // Nothing half-made stays behind: an account nobody can activate is removed again.
            stored.remove();
            throw new RequestRefused(502, "The account was not created: Keycloak could not complete it or send its"
                    + " activation e-mail");
        }
        return account(realm, stored.toRepresentation());
    }

    /** Keycloak e-mails the person a link to set a new password (their TOTP stays). */
    public void sendPasswordReset(String username) {
        member(keycloak.realm(), username).executeActionsEmail(List.of("UPDATE_PASSWORD"));
    }

    /** Disabled, its sessions ended and every token it holds refused from its next call on. */
    public StaffAccount disable(String username) {
        RealmResource realm = keycloak.realm();
        UserResource user = setEnabled(realm, username, false);
        user.logout();
        revocations.revokeSubject(user.toRepresentation().getId());
        return account(realm, user.toRepresentation());
    }

    public StaffAccount enable(String username) {
        RealmResource realm = keycloak.realm();
        return account(realm, setEnabled(realm, username, true).toRepresentation());
    }

    private UserResource setEnabled(RealmResource realm, String username, boolean enabled) {
        UserResource user = member(realm, username);
        UserRepresentation representation = user.toRepresentation();
        representation.setEnabled(enabled);
        user.update(representation);
        return user;
    }

    private UserResource member(RealmResource realm, String username) {
        return realm.users().searchByUsername(username, true).stream()
                .map(found -> realm.users().get(found.getId()))
                .filter(this::inTenant)
                .findFirst()
                .orElseThrow(() -> new RequestRefused(404, "No such account"));
    }

    private boolean inTenant(UserResource user) {
        return user.groups().stream().map(GroupRepresentation::getPath).anyMatch(groupPath()::equals);
    }

    private StaffAccount account(RealmResource realm, UserRepresentation user) {
        List<String> roles = realm.users().get(user.getId()).roles().realmLevel().listAll().stream()
                .map(RoleRepresentation::getName).filter(STAFF_ROLES::contains).sorted().toList();
        return new StaffAccount(user.getUsername(), user.getFirstName(), user.getLastName(), user.getEmail(),
                Boolean.TRUE.equals(user.isEnabled()), roles);
    }

    /** The caller's tenant's group: tenants are top-level groups named by the tenant id. */
    private String groupPath() {
        return "/" + caller.get().tenant().orElseThrow(NoTenantException::new);
    }
}
