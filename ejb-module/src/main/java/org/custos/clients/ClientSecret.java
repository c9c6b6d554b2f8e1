package org.custos.clients;

import org.custos.audit.AuditTarget;

/**
 * A client's secret, shown once: when the client is registered and when it is rotated. The application keeps no
 * copy; Keycloak checks it.
 */
public record ClientSecret(String clientId, String secret) implements AuditTarget {

    @Override
    public String auditId() {
        return clientId;
    }
}
