package org.custos.fhir.store;

import java.util.List;

/**
 * A search on one resource type: criteria that must all match (AND), each with alternatives of which one must
 * match (OR), as in {@code ?family=smith,jones&identifier=http://x|123}.
 *
 * @param resourceType the type searched
 * @param criteria     parameters that must all match
 * @param count        the page size asked for ({@code _count}); capped by the store
 */
public record SearchQuery(String resourceType, List<Criterion> criteria, int count) {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 200;

    public SearchQuery {
        criteria = List.copyOf(criteria);
        count = count <= 0 ? DEFAULT_COUNT : Math.min(count, MAX_COUNT);
    }

    /**
     * @param param    search parameter name, e.g. {@code family}, or {@code _id}
     * @param modifier e.g. {@code exact}, {@code contains}; empty for none
     * @param anyOf    the alternatives, already split on unescaped commas
     */
    public record Criterion(String param, String modifier, List<String> anyOf) {
        public Criterion {
            modifier = modifier == null ? "" : modifier;
            anyOf = List.copyOf(anyOf);
        }
    }
}
