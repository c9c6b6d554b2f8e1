package org.custos.fhir.search;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;

/**
 * Replaces the index rows of a resource with those of its new current version. Rows are written with one multi-row
 * INSERT per table rather than one entity each: a Synthea bundle brings tens of thousands of rows, and per-row
 * inserts with generated keys cost a round trip each. The tenant is written from the transaction's tenant scope.
 */
public final class SearchIndexWriter {

    /** PostgreSQL accepts at most 65535 bind parameters per statement. */
    private static final int MAX_ROWS_PER_INSERT = 5000;

    private static final List<String> TABLES = List.of("fhir_search_token", "fhir_search_string", "fhir_search_date",
            "fhir_search_quantity", "fhir_search_reference");

    private final EntityManager em;
    private final String tenant;

    public SearchIndexWriter(EntityManager em) {
        this.em = em;
        this.tenant = TenantColumn.currentTenant(em);
    }

    /** Removes the rows of the previous version (a deleted resource has none) and writes the new ones. */
    public void replace(long resourcePk, SearchIndex index, boolean hadRows) {
        if (hadRows) {
            remove(resourcePk);
        }
        insert("fhir_search_token (tenant_id, resource_pk, param_name, token_system, token_value)", resourcePk,
                index.tokens(), t -> new Object[] {t.param(), t.system(), t.value()});
        insert("fhir_search_string (tenant_id, resource_pk, param_name, value_normalized, value_exact)", resourcePk,
                index.strings(), s -> new Object[] {s.param(), s.normalized(), s.exact()});
        insert("fhir_search_date (tenant_id, resource_pk, param_name, low_value, high_value)", resourcePk,
                index.dates(), d -> new Object[] {d.param(), Timestamp.from(d.low()), Timestamp.from(d.high())});
        insert("fhir_search_quantity (tenant_id, resource_pk, param_name, num_value, quantity_system, quantity_code)",
                resourcePk, index.quantities(), q -> new Object[] {q.param(), q.value(), q.system(), q.code()});
        insert("fhir_search_reference (tenant_id, resource_pk, param_name, target_type, target_id, target_url)",
                resourcePk, index.references(), r -> new Object[] {r.param(), r.targetType(), r.targetId(), r.url()});
    }

    /** A deleted resource leaves every search. */
    public void remove(long resourcePk) {
        for (String table : TABLES) {
            TenantNativeQuery.create(em, "DELETE FROM " + table + " WHERE tenant_id = ?1 AND resource_pk = ?2",
                    List.of(tenant, resourcePk)).executeUpdate();
        }
    }

    private <T> void insert(String tableAndColumns, long resourcePk, List<T> rows, Function<T, Object[]> values) {
        for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_INSERT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(tableAndColumns).append(" VALUES ");
            List<Object> parameters = new ArrayList<>();
            for (T row : chunk) {
                Object[] columns = values.apply(row);
                sql.append(parameters.isEmpty() ? "(" : ", (");
                parameters.add(tenant);
                parameters.add(resourcePk);
                sql.append('?').append(parameters.size() - 1).append(", ?").append(parameters.size());
                for (Object column : columns) {
                    parameters.add(column);
                    sql.append(", ?").append(parameters.size());
                }
                sql.append(')');
            }
            TenantNativeQuery.create(em, sql.toString(), parameters).executeUpdate();
        }
    }
}
