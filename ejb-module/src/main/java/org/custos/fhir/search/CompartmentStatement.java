package org.custos.fhir.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * The SQL of a patient's {@code $everything}: the Patient itself and every resource that refers to it (its
 * compartment), optionally only those changed since an instant and of given types, in creation order, a page at a
 * time. Restricted to the tenant like every search statement.
 */
public final class CompartmentStatement {

    private final String where;
    private final List<Object> parameters;
    private final int offset;
    private final int count;

    private CompartmentStatement(String where, List<Object> parameters, int offset, int count) {
        this.where = where;
        this.parameters = parameters;
        this.offset = offset;
        this.count = count;
    }

    public static CompartmentStatement of(String patientId, Optional<Instant> since, List<String> types, int offset,
                                          int count, String tenant) {
        Sql sql = new Sql(tenant);
        StringBuilder where = new StringBuilder(sql.tenantOf("r")).append(" AND NOT r.deleted AND ")
                .append(membership(sql, "r", patientId));
        since.ifPresent(instant -> where.append(" AND r.last_updated >= ").append(sql.bind(Timestamp.from(instant))));
        if (!types.isEmpty()) {
            where.append(" AND r.resource_type IN (").append(sql.bindAll(types)).append(')');
        }
        return new CompartmentStatement(where.toString(), sql.parameters(), Math.max(0, offset),
                Math.min(Math.max(count, 1), SearchQuery.MAX_COUNT));
    }

    /**
     * Which of the given resources ({@code Type/id}) belong to the patient's compartment: the one SQL that answers
     * "may a patient-context token see these?" for reads, includes and history entries.
     */
    public static Members members(List<String> typedIds, String patientId, String tenant) {
        Sql sql = new Sql(tenant);
        // Row values, so that PostgreSQL looks each one up in the (tenant, type, id) index.
        List<String> rows = typedIds.stream().map(typedId -> typedId.split("/", 2))
                .map(typeAndId -> "(" + sql.bind(typeAndId[0]) + ", " + sql.bind(typeAndId[1]) + ")").toList();
        String where = sql.tenantOf("r") + " AND (r.resource_type, r.resource_id) IN (" + String.join(", ", rows)
                + ") AND " + membership(sql, "r", patientId);
        return new Members("SELECT r.resource_type || '/' || r.resource_id FROM fhir_resource r WHERE " + where,
                sql.parameters());
    }

    /** The statement of {@link #members}: selects the {@code Type/id} of each member. */
    public record Members(String sql, List<Object> parameters) {
    }

    /**
     * The condition that the row {@code alias} belongs to the patient's compartment: the Patient itself, or a
     * resource with a reference to it in one of its search parameters (as {@code $everything} gathers it).
     */
    static String membership(Sql sql, String alias, String patientId) {
        String x = sql.alias("m");
        return "((" + alias + ".resource_type = " + sql.bind("Patient") + " AND " + alias + ".resource_id = "
                + sql.bind(patientId) + ") OR EXISTS (SELECT 1 FROM fhir_search_reference " + x + " WHERE "
                + sql.tenantOf(x) + " AND " + x + ".resource_pk = " + alias + ".pk AND " + x + ".target_type = "
                + sql.bind("Patient") + " AND " + x + ".target_id = " + sql.bind(patientId) + "))";
    }

    /** What the statement matches (before paging). */
    public Matches matches() {
        return new Matches(where, parameters);
    }

    /** The same compartment without these resources (those consent hides from the caller). */
    public CompartmentStatement excluding(Set<Long> keys) {
        return keys.isEmpty() ? this : new CompartmentStatement(where + Matches.excluding("r", keys), parameters, offset,
                count);
    }

    public String selectSql() {
        return "SELECT r.pk FROM fhir_resource r WHERE " + where + " ORDER BY r.pk LIMIT " + count + " OFFSET " + offset;
    }

    public String countSql() {
        return "SELECT COUNT(*) FROM fhir_resource r WHERE " + where;
    }

    public List<Object> parameters() {
        return parameters;
    }
}
