package org.custos.accounts;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.custos.audit.Audited;
import org.custos.errors.RequestRefused;
import org.custos.identity.Revocations;
import org.custos.identity.Roles;
import org.keycloak.admin.client.resource.UserResource;

/**
 * The sign-in sessions of the tenant's staff accounts. Ending a session takes effect at once: Keycloak forgets it
 * (no refresh) and the application refuses every token of it from its next call, on every server — not only when
 * the access token expires.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class StaffSessions {

    @Inject
    TenantMembers members;

    @Inject
    Revocations revocations;

    @Audited(value = "list-sessions", target = "StaffAccount")
    public List<SignInSession> of(String username) {
        return members.member(username).getUserSessions().stream().map(SignInSession::of).toList();
    }

    /** @throws RequestRefused 404 when the account has no such session */
    @Audited(value = "end-session", target = "StaffAccount")
    public void end(String username, String sessionId) {
        UserResource user = members.member(username);
        if (user.getUserSessions().stream().noneMatch(session -> session.getId().equals(sessionId))) {
            throw new RequestRefused(404, "No such session");
        }
        members.realm().deleteSession(sessionId, false);
        revocations.revokeSession(sessionId, user.toRepresentation().getId());
    }

    @Audited(value = "end-sessions", target = "StaffAccount")
    public void endAll(String username) {
        UserResource user = members.member(username);
        user.logout();
        revocations.revokeSubject(user.toRepresentation().getId());
    }
}
