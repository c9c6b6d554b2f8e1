package org.custos.tenants;

import org.custos.audit.AuditTarget;

/**
 * A tenant and its settings.
 *
 * @param consentDefault     {@code permit} (opt-out) or {@code deny} (opt-in) for patients without a consent on record
 * @param auditRetentionDays how long audit records are kept (at least six years)
 * @param requestsPerMinute  API requests per minute per server for all the tenant's callers together
 */
public record Tenant(String id, String name, String consentDefault, int auditRetentionDays, int requestsPerMinute) implements AuditTarget {

    static final String DEFAULT_CONSENT = "permit";
    static final int DEFAULT_RETENTION_DAYS = 2190;
    static final int DEFAULT_REQUESTS_PER_MINUTE = 600_000;

    /** The settings of a tenant nobody has configured yet (the same defaults as the table's). */
    static Tenant withDefaults(String id, String name) {
        return new Tenant(id, name, DEFAULT_CONSENT, DEFAULT_RETENTION_DAYS, DEFAULT_REQUESTS_PER_MINUTE);
    }

    @Override
    public String auditId() {
        return id;
    }
}
