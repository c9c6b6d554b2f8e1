package org.custos.clients;

import java.util.List;

import org.custos.audit.AuditTarget;

/**
 * A registered EHR client, as the admin API shows it (never its secret).
 *
 * @param scopes the SMART scopes its tokens carry
 */
public record EhrClient(String clientId, String name, boolean enabled, List<String> scopes, boolean dpopBound) implements AuditTarget {

    @Override
    public String auditId() {
        return clientId;
    }
}
