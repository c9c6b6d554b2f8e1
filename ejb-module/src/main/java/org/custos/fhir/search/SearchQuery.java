package org.custos.fhir.search;

import java.util.List;
import java.util.Optional;

/**
 * A search on one resource type: criteria that must all match (AND), each with alternatives of which one must
 * match (OR), as in {@code ?family=smith,jones&identifier=http://x|123}; the order, the page, and what to include.
 *
 * @param resourceType the type searched
 * @param criteria     parameters that must all match
 * @param sort         {@code _sort} keys, most significant first; empty: the order resources were created in
 * @param offset       how many matches to skip ({@code _offset}, from the paging links)
 * @param count        the page size asked for ({@code _count}); capped
 * @param includes     {@code _include} and {@code _revinclude}
 * @param strict       {@code Prefer: handling=strict}: an unknown parameter is an error instead of being ignored
 * @param compartment  only resources in this patient's compartment (a patient-context token's search); never
 *                     from the request: {@link #inCompartmentOf} is for the access check
 */
public record SearchQuery(String resourceType, List<Criterion> criteria, List<SortKey> sort, int offset, int count,
                          List<Include> includes, boolean strict, Optional<String> compartment) {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 200;

    public SearchQuery {
        criteria = List.copyOf(criteria);
        sort = List.copyOf(sort);
        includes = List.copyOf(includes);
        offset = Math.max(0, offset);
        count = count < 0 ? DEFAULT_COUNT : Math.min(count, MAX_COUNT);
    }

    public SearchQuery(String resourceType, List<Criterion> criteria, List<SortKey> sort, int offset, int count,
                       List<Include> includes, boolean strict) {
        this(resourceType, criteria, sort, offset, count, includes, strict, Optional.empty());
    }

    /** A plain search, as conditional interactions use: strict, because a mistyped condition must not match all. */
    public SearchQuery(String resourceType, List<Criterion> criteria, int count) {
        this(resourceType, criteria, List.of(), 0, count, List.of(), true);
    }

    /** The same search, restricted to one patient's compartment. */
    public SearchQuery inCompartmentOf(String patientId) {
        return new SearchQuery(resourceType, criteria, sort, offset, count, includes, strict, Optional.of(patientId));
    }

    /**
     * One search parameter of the query string.
     *
     * @param param    parameter name, e.g. {@code family}, {@code _id}, {@code _has}
     * @param modifier e.g. {@code exact}, {@code not}, a type for references ({@code Patient}); for {@code _has} the
     *                 rest of the key ({@code Observation:patient:code}); empty for none
     * @param chain    for a chained parameter the part after the first '.', e.g. {@code name} of
     *                 {@code subject:Patient.name}; empty for none
     * @param anyOf    the alternatives, already split on unescaped commas
     */
    public record Criterion(String param, String modifier, String chain, List<String> anyOf) {
        public Criterion {
            modifier = modifier == null ? "" : modifier;
            chain = chain == null ? "" : chain;
            anyOf = List.copyOf(anyOf);
        }

        public Criterion(String param, String modifier, List<String> anyOf) {
            this(param, modifier, "", anyOf);
        }

        /** Splits a query-string key: {@code subject:Patient.name}, {@code family:exact}, {@code _has:A:b:c}. */
        public static Criterion parse(String key, List<String> anyOf) {
            if (key.startsWith("_has:")) {
                return new Criterion("_has", key.substring("_has:".length()), "", anyOf);
            }
            int dot = key.indexOf('.');
            String head = dot < 0 ? key : key.substring(0, dot);
            String chain = dot < 0 ? "" : key.substring(dot + 1);
            int colon = head.indexOf(':');
            return colon < 0
                    ? new Criterion(head, "", chain, anyOf)
                    : new Criterion(head.substring(0, colon), head.substring(colon + 1), chain, anyOf);
        }
    }

    /** One {@code _sort} key: a parameter name, {@code -} for descending. */
    public record SortKey(String param, boolean descending) {
        public static SortKey parse(String key) {
            return key.startsWith("-") ? new SortKey(key.substring(1), true) : new SortKey(key, false);
        }
    }

    /**
     * {@code _include=Observation:subject[:Patient]} (forward) or {@code _revinclude=Observation:subject} (reverse),
     * with {@code :iterate} applied to included resources too. {@code param} {@code *} means every reference.
     */
    public record Include(String sourceType, String param, String targetType, boolean reverse, boolean iterate) {

        public static Include parse(String value, boolean reverse, boolean iterate) {
            String[] parts = value.split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw SearchException.invalid("_include and _revinclude take Type:parameter[:TargetType]");
            }
            return new Include(parts[0], parts[1], parts.length == 3 ? parts[2] : null, reverse, iterate);
        }

        boolean anyParam() {
            return "*".equals(param);
        }
    }
}
