package org.custos.tenancy;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * The only way to run SQL that JPQL cannot express. EclipseLink refuses native SQL in a multitenant persistence
 * unit, because it cannot add the tenant to it; this exemption is granted per statement, and only to statements
 * that bind the transaction's own tenant as parameter 1 and restrict by it.
 */
public final class TenantNativeQuery {

    private static final String ALLOW_NATIVE = "eclipselink.jdbc.allow-native-sql-query";

    private TenantNativeQuery() {
    }

    /** @throws IllegalStateException when the statement is not bound to the current tenant (a programming error) */
    public static Query create(EntityManager entityManager, String sql, List<Object> parameters) {
        String tenant = TenantColumn.currentTenant(entityManager);
        if (parameters.isEmpty() || !tenant.equals(parameters.get(0)) || !sql.contains("tenant_id = ?1")) {
            throw new IllegalStateException("Native statement is not bound to the current tenant");
        }
        Query query = entityManager.createNativeQuery(sql).setHint(ALLOW_NATIVE, true);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }
}
