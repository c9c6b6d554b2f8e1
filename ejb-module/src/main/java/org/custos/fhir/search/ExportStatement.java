package org.custos.fhir.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one page of a bulk export: resources of one type, optionally only those in the compartment of some or
 * all patients and changed since an instant, after a primary key (keyset paging: stable and cheap however far the
 * export has come). Restricted to the tenant like every search statement.
 */
public final class ExportStatement {

    private final String sql;
    private final List<Object> parameters;

    private ExportStatement(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** Which resources of a type an export takes: all, those of every patient, or those of some patients. */
    public record Scope(boolean allResources, boolean everyPatient, List<String> patientIds) {
        public Scope {
            patientIds = List.copyOf(patientIds);
        }

        public static Scope system() {
            return new Scope(true, false, List.of());
        }

        public static Scope allPatients() {
            return new Scope(false, true, List.of());
        }

        public static Scope patients(List<String> ids) {
            return new Scope(false, false, ids);
        }
    }

    public static ExportStatement page(String type, Scope scope, Optional<Instant> since, long afterPk, int limit,
                                       String tenant) {
        Sql sql = new Sql(tenant);
        StringBuilder where = new StringBuilder(sql.tenantOf("r")).append(" AND NOT r.deleted AND r.resource_type = ")
                .append(sql.bind(type)).append(" AND r.pk > ").append(sql.bind(afterPk));
        since.ifPresent(instant -> where.append(" AND r.last_updated >= ").append(sql.bind(Timestamp.from(instant))));
        if (!scope.allResources()) {
            where.append(" AND ").append(compartment(sql, type, scope));
        }
        return new ExportStatement("SELECT r.pk FROM fhir_resource r WHERE " + where + " ORDER BY r.pk LIMIT "
                + Math.max(1, limit), sql.parameters());
    }

    /** The patients themselves, and whatever refers to them. */
    private static String compartment(Sql sql, String type, Scope scope) {
        if (!scope.everyPatient() && scope.patientIds().isEmpty()) {
            return "FALSE";
        }
        String self = !"Patient".equals(type) ? "FALSE"
                : scope.everyPatient() ? "TRUE" : "r.resource_id IN (" + sql.bindAll(scope.patientIds()) + ")";
        String referrers = "EXISTS (SELECT 1 FROM fhir_search_reference x WHERE " + sql.tenantOf("x")
                + " AND x.resource_pk = r.pk AND x.target_type = " + sql.bind("Patient")
                + (scope.everyPatient() ? "" : " AND x.target_id IN (" + sql.bindAll(scope.patientIds()) + ")") + ")";
        return "(" + self + " OR " + referrers + ")";
    }

    public String sql() {
        return sql;
    }

    public List<Object> parameters() {
        return parameters;
    }
}
