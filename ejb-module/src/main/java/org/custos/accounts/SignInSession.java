package org.custos.accounts;

import java.time.Instant;
import java.util.List;

import org.keycloak.representations.idm.UserSessionRepresentation;

/**
 * One sign-in session of a staff account, as Keycloak keeps it.
 *
 * @param id         the session id (the tokens' {@code sid})
 * @param ipAddress  where the sign-in came from
 * @param clients    the applications it signed in to
 */
public record SignInSession(String id, Instant started, Instant lastAccess, String ipAddress, List<String> clients) {

    static SignInSession of(UserSessionRepresentation session) {
        return new SignInSession(session.getId(), Instant.ofEpochMilli(session.getStart()),
                Instant.ofEpochMilli(session.getLastAccess()), session.getIpAddress(),
                session.getClients() == null ? List.of() : session.getClients().values().stream().sorted().toList());
    }
}
