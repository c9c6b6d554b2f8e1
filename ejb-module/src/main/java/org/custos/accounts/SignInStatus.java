package org.custos.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an account stands with Keycloak's brute-force protection.
 *
 * @param locked         temporarily locked after too many failures
 * @param failures       failures counted since the last successful sign-in
 * @param lastFailure    when the last one was; empty when none
 * @param recentFailures the latest failed sign-ins, newest first
 */
public record SignInStatus(String username, boolean locked, int failures, Optional<Instant> lastFailure,
                           List<SignInFailure> recentFailures) {
}
