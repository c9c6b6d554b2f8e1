package org.custos.accounts;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import org.custos.audit.Audited;
import org.custos.errors.RequestRefused;
import org.custos.errors.ValidInput;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Revocations;
import org.custos.identity.Roles;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
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
    TenantMembers members;

    @Inject
    CurrentCaller caller;

    @Inject
    Revocations revocations;

    @Inject
    Validator validator;

    /** A page of the tenant's accounts, optionally those whose username, name or e-mail contains {@code search}. */
    @Audited(value = "list-accounts", target = "StaffAccount", idArgument = -1)
    public List<StaffAccount> list(String search, int first, int max) {
        RealmResource realm = members.realm();
        String groupId = realm.getGroupByPath(members.groupPath()).getId();
        List<UserRepresentation> users = search == null || search.isBlank()
                ? realm.groups().group(groupId).members(first, max, true)
                : realm.users().search(search.trim(), first, max, true).stream()
                        .filter(user -> members.inTenant(realm.users().get(user.getId()))).toList();
        return users.stream().map(user -> account(realm, user)).toList();
    }

    @Audited(value = "create-account", target = "StaffAccount", idArgument = -1)
    public StaffAccount create(NewStaffAccount account) {
        ValidInput.require(validator, account);
        RealmResource realm = members.realm();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(account.getUsername());
        user.setFirstName(account.getFirstName());
        user.setLastName(account.getLastName());
        user.setEmail(account.getEmail());
        user.setEnabled(true);
        user.setGroups(List.of(members.groupPath()));
        user.setRequiredActions(FIRST_SIGN_IN);
        try (Response created = realm.users().create(user)) {
            if (created.getStatus() == 409) {
                throw new RequestRefused(409, "An account with this username or e-mail already exists");
            }
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the account: HTTP " + created.getStatus());
            }
        }
        UserResource stored = members.member(account.getUsername());
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
    @Audited(value = "send-password-reset", target = "StaffAccount")
    public void sendPasswordReset(String username) {
        members.member(username).executeActionsEmail(List.of("UPDATE_PASSWORD"));
    }

    /**
     * Gives the account exactly these staff roles. Its tokens issued until now are refused from their next call, so a
     * removed role stops working at once; the person's sign-in continues, and its next token carries the new roles.
     */
    @Audited(value = "change-roles", target = "StaffAccount")
    public StaffAccount changeRoles(String username, RoleChange change) {
        ValidInput.require(validator, change);
        List<String> unknown = change.getRoles().stream().filter(role -> !STAFF_ROLES.contains(role)).toList();
        if (!unknown.isEmpty()) {
            throw new RequestRefused(400, "Not staff roles: " + String.join(", ", unknown));
        }
        if (username.equals(caller.get().username()) && !change.getRoles().contains(Roles.ADMIN)) {
            throw new RequestRefused(409, "Administrators cannot take their own administrator role away");
        }
        RealmResource realm = members.realm();
        UserResource user = members.member(username);
        List<RoleRepresentation> held = user.roles().realmLevel().listAll().stream()
                .filter(role -> STAFF_ROLES.contains(role.getName())).toList();
        List<RoleRepresentation> removed = held.stream().filter(role -> !change.getRoles().contains(role.getName()))
                .toList();
        Set<String> heldNames = held.stream().map(RoleRepresentation::getName).collect(Collectors.toSet());
        List<RoleRepresentation> added = change.getRoles().stream().distinct().filter(role -> !heldNames.contains(role))
                .map(role -> realm.roles().get(role).toRepresentation()).toList();
        if (!removed.isEmpty()) {
            user.roles().realmLevel().remove(removed);
        }
        if (!added.isEmpty()) {
            user.roles().realmLevel().add(added);
        }
        revocations.revokeSubject(user.toRepresentation().getId());
        return account(realm, user.toRepresentation());
    }

    /** Disabled, its sessions ended and every token it holds refused from its next call on. */
    @Audited(value = "disable-account", target = "StaffAccount")
    public StaffAccount disable(String username) {
        RealmResource realm = members.realm();
        UserResource user = setEnabled(username, false);
        user.logout();
        revocations.revokeSubject(user.toRepresentation().getId());
        return account(realm, user.toRepresentation());
    }

    @Audited(value = "enable-account", target = "StaffAccount")
    public StaffAccount enable(String username) {
        return account(members.realm(), setEnabled(username, true).toRepresentation());
    }

    private UserResource setEnabled(String username, boolean enabled) {
        UserResource user = members.member(username);
        UserRepresentation representation = user.toRepresentation();
        representation.setEnabled(enabled);
        user.update(representation);
        return user;
    }

    private StaffAccount account(RealmResource realm, UserRepresentation user) {
        List<String> roles = realm.users().get(user.getId()).roles().realmLevel().listAll().stream()
                .map(RoleRepresentation::getName).filter(STAFF_ROLES::contains).sorted().toList();
        return new StaffAccount(user.getUsername(), user.getFirstName(), user.getLastName(), user.getEmail(),
                Boolean.TRUE.equals(user.isEnabled()), roles);
    }
}
