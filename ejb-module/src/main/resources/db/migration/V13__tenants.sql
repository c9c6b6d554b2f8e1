-- Tenants (hospitals, clinics sharing the deployment) and their settings. A tenant exists in two places: here,
-- and as the Keycloak group whose "tenant" attribute becomes the tokens' tenant claim. Platform data, no PHI; not
-- under row-level security: only the admin API reads it — a tenant's administrator their own row, a platform
-- administrator every row. A tenant with a Keycloak group but no row here (the dev realm's demo tenants) has the
-- defaults below until an administrator saves its settings.
CREATE TABLE tenant (
    tenant_id            VARCHAR(64)  PRIMARY KEY CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                 VARCHAR(200) NOT NULL,
    -- Whether a patient without a consent on record is treated as consenting (opt-out) or not (opt-in).
    consent_default      VARCHAR(8)   NOT NULL DEFAULT 'permit' CHECK (consent_default IN ('permit', 'deny')),
    -- HIPAA asks six years of security documentation; audit records are kept at least that long.
    audit_retention_days INTEGER      NOT NULL DEFAULT 2190 CHECK (audit_retention_days BETWEEN 2190 AND 36500),
    -- API requests per minute per server for all callers of the tenant together; beyond it, 429.
    requests_per_minute  INTEGER      NOT NULL DEFAULT 600000 CHECK (requests_per_minute BETWEEN 10 AND 10000000),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
