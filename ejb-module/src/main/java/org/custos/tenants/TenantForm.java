package org.custos.tenants;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A tenant's settings as an administrator submits them; {@code id} only when creating one (a bean, not a record:
 * Payara's OpenAPI generator fails on constraints of record components).
 */
public class TenantForm {

    @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}")
    private String id;

    @NotBlank
    @Size(max = 200)
    private String name;

    @NotNull
    @Pattern(regexp = "permit|deny")
    private String consentDefault = Tenant.DEFAULT_CONSENT;

    @Min(2190)
    @Max(36500)
    private int auditRetentionDays = Tenant.DEFAULT_RETENTION_DAYS;

    @Min(10)
    @Max(10_000_000)
    private int requestsPerMinute = Tenant.DEFAULT_REQUESTS_PER_MINUTE;

    Tenant toTenant(String tenantId) {
        return new Tenant(tenantId, name.trim(), consentDefault, auditRetentionDays, requestsPerMinute);
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getConsentDefault() {
        return consentDefault;
    }

    public void setConsentDefault(String consentDefault) {
        this.consentDefault = consentDefault;
    }

    public int getAuditRetentionDays() {
        return auditRetentionDays;
    }

    public void setAuditRetentionDays(int auditRetentionDays) {
        this.auditRetentionDays = auditRetentionDays;
    }

    public int getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }
}
