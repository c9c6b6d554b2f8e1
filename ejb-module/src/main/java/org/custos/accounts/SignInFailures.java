package org.custos.accounts;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import org.custos.audit.Audited;
import org.custos.identity.Roles;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Failed sign-ins and lockouts of the tenant's staff, from Keycloak's login events and brute-force detection (the
 * realm locks an account for a while after repeated failures). Attempts that name no account of the tenant are not
 * shown: they cannot be attributed to a tenant.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class SignInFailures {

    private static final List<String> FAILED_SIGN_IN = List.of("LOGIN_ERROR");
    private static final int RECENT = 20;

    @Inject
    TenantMembers members;

    /** The latest failed sign-ins of the tenant's accounts, newest first. */
    @Audited(value = "list-sign-in-failures", target = "StaffAccount", idArgument = -1)
    public List<SignInFailure> recent(int max) {
        RealmResource realm = members.realm();
        Map<String, Optional<String>> usernameIfMember = new HashMap<>();
        // Read more than asked: failures of other tenants' accounts are filtered out here.
        return realm.getEvents(FAILED_SIGN_IN, null, null, null, null, null, 0, max * 10).stream()
                .filter(event -> event.getUserId() != null)
                .flatMap(event -> usernameIfMember.computeIfAbsent(event.getUserId(), id -> memberName(realm, id))
                        .map(username -> SignInFailure.of(event, username)).stream())
                .limit(max)
                .toList();
    }

    @Audited(value = "read-sign-in-status", target = "StaffAccount")
    public SignInStatus status(String username) {
        UserResource user = members.member(username);
        String userId = user.toRepresentation().getId();
        Map<String, Object> detection = members.realm().attackDetection().bruteForceUserStatus(userId);
        long lastFailure = number(detection.get("lastFailure"));
        List<EventRepresentation> events = members.realm().getEvents(FAILED_SIGN_IN, null, userId, null, null, null,
                0, RECENT);
        return new SignInStatus(username, Boolean.TRUE.equals(detection.get("disabled")),
                (int) number(detection.get("numFailures")),
                lastFailure > 0 ? Optional.of(Instant.ofEpochMilli(lastFailure)) : Optional.empty(),
                events.stream().map(event -> SignInFailure.of(event, username)).toList());
    }

    /** Lifts a temporary lockout and forgets the failures counted so far. */
    @Audited(value = "unlock-account", target = "StaffAccount")
    public SignInStatus unlock(String username) {
        members.realm().attackDetection().clearBruteForceForUser(members.member(username).toRepresentation().getId());
        return status(username);
    }

    private Optional<String> memberName(RealmResource realm, String userId) {
        UserResource user = realm.users().get(userId);
        try {
            return members.inTenant(user) ? Optional.of(user.toRepresentation().getUsername()) : Optional.empty();
        } catch (NotFoundException deleted) {
            return Optional.empty();
        }
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
