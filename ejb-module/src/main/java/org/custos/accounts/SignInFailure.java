package org.custos.accounts;

import java.time.Instant;

import org.keycloak.representations.idm.EventRepresentation;

/**
 * A failed sign-in, from Keycloak's login events.
 *
 * @param username  the account's username; empty when the attempt named no known account
 * @param error     Keycloak's reason, e.g. {@code invalid_user_credentials}, {@code user_temporarily_disabled}
 * @param client    the application signed in to
 */
public record SignInFailure(Instant time, String username, String error, String client, String ipAddress) {

    static SignInFailure of(EventRepresentation event, String username) {
        return new SignInFailure(Instant.ofEpochMilli(event.getTime()), username, event.getError(),
                event.getClientId(), event.getIpAddress());
    }
}
