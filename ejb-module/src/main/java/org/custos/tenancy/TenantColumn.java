package org.custos.tenancy;

import jakarta.persistence.EntityManager;

/** The discriminator column and EntityManager property of the single-table multitenancy. */
public final class TenantColumn {

    /** Column present in every table. */
    public static final String NAME = "tenant_id";

    /** EntityManager property EclipseLink reads the current tenant from. */
    public static final String CONTEXT_PROPERTY = "custos.tenant";

    private TenantColumn() {
    }

    /**
     * The tenant the transaction's EntityManager is scoped to, for the few statements written in SQL rather than
     * JPQL (EclipseLink adds the tenant to JPQL by itself). Without a scope there is no tenant and no query.
     */
    public static String currentTenant(EntityManager entityManager) {
        Object tenant = entityManager.getProperties().get(CONTEXT_PROPERTY);
        if (tenant instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new NoTenantException();
    }
}
