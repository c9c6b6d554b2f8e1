package org.custos.fhir.search;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which stored resources a statement is about: a condition on the rows of {@code fhir_resource r}, with its bound
 * values (the tenant first, as {@code ?1}). Consent asks which of them the caller may not see.
 */
public record Matches(String where, List<Object> parameters, boolean everyResourceOfType) {

    public Matches {
        parameters = List.copyOf(parameters);
    }

    /** The resources of a statement's condition. */
    public Matches(String where, List<Object> parameters) {
        this(where, parameters, false);
    }

    /** Every resource of the tenant, of one type, or of every type ({@code null}). */
    public static Matches ofType(String type, String tenant) {
        Sql sql = new Sql(tenant);
        String where = sql.tenantOf("r") + (type == null ? "" : " AND r.resource_type = " + sql.bind(type));
        return new Matches(where, sql.parameters(), true);
    }

    /**
     * The condition that leaves these resources out: their keys come from the database, never from a caller, so
     * they are written as numbers rather than bound.
     */
    static String excluding(String alias, Set<Long> keys) {
        return keys.isEmpty() ? "" : " AND " + alias + ".pk NOT IN ("
                + keys.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
