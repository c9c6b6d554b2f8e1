package org.custos.fhir.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.custos.crypto.Blinding;
import org.custos.tenancy.TenantColumn;

/**
 * Replaces the index rows of a resource with those of its new current version. Rows are written in plain JDBC on
 * the transaction's own connection rather than as entities or JPA native queries: a Synthea transaction brings
 * tens of thousands of rows, and each JPA statement first computes the changes of every entity the transaction
 * holds (measured as the largest cost of loading a 3,000-entry transaction). The tenant of every row is the
 * transaction's tenant scope, bound by this class, never taken from the resource.
 */
public final class SearchIndexWriter {

    private static final List<String> TABLES = List.of("fhir_search_token", "fhir_search_string", "fhir_search_date",
            "fhir_search_quantity", "fhir_search_reference", "fhir_search_composite");

    private final Connection connection;
    private final String tenant;
    private final Blinding blinding;
    private final BlindIndexes blindIndexes;

    /**
     * Call after the resource row is flushed: the index rows refer to it.
     *
     * @param blinding how the values of PHI parameters are stored (see {@link BlindIndexes})
     */
    public SearchIndexWriter(EntityManager em, Blinding blinding) {
        this(em.unwrap(Connection.class), TenantColumn.currentTenant(em), blinding);
    }

    /** On a connection of its own, for work across tenants (the re-encryption job), one tenant at a time. */
    public SearchIndexWriter(Connection connection, String tenant, Blinding blinding) {
        this.tenant = tenant;
        this.connection = connection;
        this.blinding = blinding;
        this.blindIndexes = new BlindIndexes(blinding, tenant);
    }

    /**
     * Removes the rows of the previous version (a deleted resource has none) and writes the new ones, the values
     * of PHI parameters as blind indexes; the resource row records the index key they were computed under.
     */
    public void replace(long resourcePk, String resourceType, SearchIndex extracted, boolean hadRows) {
        if (hadRows) {
            remove(resourcePk);
        }
        long indexKey = blinding.keyId();
        SearchIndex index = blindIndexes.blind(resourceType, extracted);
        Statement statement = new Statement(resourcePk);
        statement.recordIndexKey(indexKey);
        statement.insert("fhir_search_token (tenant_id, resource_pk, param_name, token_system, token_value)",
                index.tokens(), t -> new Object[] {t.param(), t.system(), t.value()});
        statement.insert("fhir_search_string (tenant_id, resource_pk, param_name, value_normalized, value_exact)",
                index.strings(), s -> new Object[] {s.param(), s.normalized(), s.exact()});
        statement.insert("fhir_search_date (tenant_id, resource_pk, param_name, low_value, high_value)",
                index.dates(), d -> new Object[] {d.param(), Timestamp.from(d.low()), Timestamp.from(d.high())});
        statement.insert("fhir_search_quantity (tenant_id, resource_pk, param_name, num_value, quantity_system,"
                + " quantity_code)", index.quantities(), q -> new Object[] {q.param(), q.value(), q.system(), q.code()});
        statement.insert("fhir_search_reference (tenant_id, resource_pk, param_name, target_type, target_id,"
                + " target_url)", index.references(), r -> new Object[] {r.param(), r.targetType(), r.targetId(), r.url()});
        statement.insert("fhir_search_composite (tenant_id, resource_pk, param_name, token_system, token_value,"
                + " value_system, value_code, num_value, quantity_system, quantity_code, low_value, high_value,"
                + " value_normalized, value_exact)", index.composites(), SearchIndexWriter::compositeColumns);
        statement.execute();
    }

    private static Object[] compositeColumns(SearchIndex.Composite row) {
        SearchIndex.Token token = row.secondToken();
        SearchIndex.Quantity quantity = row.secondQuantity();
        SearchIndex.DateRange date = row.secondDate();
        SearchIndex.Text text = row.secondText();
        return new Object[] {row.param(), row.first().system(), row.first().value(),
            token == null ? null : token.system(), token == null ? null : token.value(),
            quantity == null ? null : quantity.value(), quantity == null ? null : quantity.system(),
            quantity == null ? null : quantity.code(),
            date == null ? null : Timestamp.from(date.low()), date == null ? null : Timestamp.from(date.high()),
            text == null ? null : text.normalized(), text == null ? null : text.exact()};
    }

    /**
     * A deleted resource leaves every search (each of them asks for resources that are not deleted), but keeps the
     * rows a consent decision on its history needs: its references to patients and its security labels.
     */
    public void removeForDelete(long resourcePk) {
        remove(resourcePk, Map.of("fhir_search_reference", " AND target_type IS DISTINCT FROM 'Patient'",
                "fhir_search_token", " AND param_name <> '" + SearchIndexer.SECURITY_LABELS + "'"));
    }

    private void remove(long resourcePk) {
        remove(resourcePk, Map.of());
    }

    /** @param keep per table, a condition that spares rows (SQL text without values) */
    private void remove(long resourcePk, Map<String, String> keep) {
        StringBuilder sql = new StringBuilder();
        for (String table : TABLES) {
            sql.append(sql.isEmpty() ? "WITH " : ", ").append(table).append("_removed AS (DELETE FROM ").append(table)
                    .append(" WHERE tenant_id = ? AND resource_pk = ?").append(keep.getOrDefault(table, ""))
                    .append(')');
        }
        sql.append(" SELECT 1");
        try (PreparedStatement delete = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < TABLES.size(); i++) {
                delete.setString(2 * i + 1, tenant);
                delete.setLong(2 * i + 2, resourcePk);
            }
            delete.execute();
        } catch (SQLException e) {
            throw new PersistenceException("Search index rows could not be removed", e);
        }
    }

    /**
     * All index rows of one resource as one SQL statement (data-modifying CTEs, one multi-row INSERT per table,
     * and the update of the resource's index key), so that indexing a resource costs one round trip to the database, not one per table or row.
     */
    private final class Statement {
        private final long resourcePk;
        private final List<String> parts = new ArrayList<>();
        private final List<Object> parameters = new ArrayList<>();

        Statement(long resourcePk) {
            this.resourcePk = resourcePk;
        }

        <T> void insert(String tableAndColumns, List<T> rows, Function<T, Object[]> values) {
            if (rows.isEmpty()) {
                return;
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(tableAndColumns).append(" VALUES ");
            for (int r = 0; r < rows.size(); r++) {
                Object[] columns = values.apply(rows.get(r));
                sql.append(r == 0 ? "(?, ?" : ", (?, ?").append(", ?".repeat(columns.length)).append(')');
                parameters.add(tenant);
                parameters.add(resourcePk);
                parameters.addAll(Arrays.asList(columns));
            }
            parts.add(sql.toString());
        }

        void recordIndexKey(long indexKey) {
            parts.add("UPDATE fhir_resource SET index_key = ? WHERE tenant_id = ? AND pk = ?");
            parameters.add(indexKey);
            parameters.add(tenant);
            parameters.add(resourcePk);
        }

        void execute() {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < parts.size() - 1; i++) {
                sql.append(i == 0 ? "WITH " : ", ").append("rows").append(i).append(" AS (").append(parts.get(i)).append(')');
            }
            sql.append(sql.isEmpty() ? "" : " ").append(parts.get(parts.size() - 1));
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    insert.setObject(i + 1, parameters.get(i));
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("Search index rows could not be written", e);
            }
        }
    }
}
