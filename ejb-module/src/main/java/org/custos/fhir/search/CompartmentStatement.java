package org.custos.fhir.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
        StringBuilder where = new StringBuilder(sql.tenantOf("r")).append(" AND NOT r.deleted AND ((r.resource_type = ")
                .append(sql.bind("Patient")).append(" AND r.resource_id = ").append(sql.bind(patientId))
                .append(") OR EXISTS (SELECT 1 FROM fhir_search_reference x WHERE ").append(sql.tenantOf("x"))
                .append(" AND x.resource_pk = r.pk AND x.target_type = ").append(sql.bind("Patient"))
                .append(" AND x.target_id = ").append(sql.bind(patientId)).append("))");
        since.ifPresent(instant -> where.append(" AND r.last_updated >= ").append(sql.bind(Timestamp.from(instant))));
        if (!types.isEmpty()) {
            where.append(" AND r.resource_type IN (").append(sql.bindAll(types)).append(')');
        }
        return new CompartmentStatement(where.toString(), sql.parameters(), Math.max(0, offset),
                Math.min(Math.max(count, 1), SearchQuery.MAX_COUNT));
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
