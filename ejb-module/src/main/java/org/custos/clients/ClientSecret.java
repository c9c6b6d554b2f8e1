package org.custos.clients;

/**
 * A client's secret, shown once: when the client is registered and when it is rotated. The application keeps no
 * copy; Keycloak checks it.
 */
public record ClientSecret(String clientId, String secret) {
}
