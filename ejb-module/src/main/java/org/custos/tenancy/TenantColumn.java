package org.custos.tenancy;

/** The discriminator column and EntityManager property of the single-table multitenancy. */
public final class TenantColumn {

    /** Column present in every table. */
    public static final String NAME = "tenant_id";

    /** EntityManager property EclipseLink reads the current tenant from. */
    public static final String CONTEXT_PROPERTY = "custos.tenant";

    private TenantColumn() {
    }
}
