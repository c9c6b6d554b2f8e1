package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Bind parameters and table aliases of one SQL statement. Every value a caller searched for is bound, never
 * written into the SQL text. The tenant is always parameter 1, and {@link #tenantOf(String)} is how every table
 * of a search statement is restricted to it.
 */
final class Sql {

    private final List<Object> parameters = new ArrayList<>();
    private int aliases;

    Sql(String tenant) {
        parameters.add(tenant);
    }

    /** The placeholder of a newly bound value. */
    String bind(Object value) {
        parameters.add(value);
        return "?" + parameters.size();
    }

    /** Placeholders of several bound values, comma-separated, for {@code IN (...)}. */
    String bindAll(List<?> values) {
        List<String> placeholders = new ArrayList<>();
        values.forEach(value -> placeholders.add(bind(value)));
        return String.join(", ", placeholders);
    }

    String alias(String prefix) {
        return prefix + (++aliases);
    }

    /** The condition that restricts the rows of {@code alias} to the caller's tenant. */
    String tenantOf(String alias) {
        return alias + ".tenant_id = ?1";
    }

    List<Object> parameters() {
        return List.copyOf(parameters);
    }
}
