package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import org.custos.crypto.Blinding;
import ca.uhn.fhir.context.RuntimeSearchParam;

/**
 * A {@link SearchQuery} as SQL: the primary keys of one page of matches in order, and the number of all matches.
 * Written in SQL rather than JPQL because sorting by index values, chains and {@code _has} need correlated
 * subqueries that JPQL cannot express; every table is restricted to the tenant through {@link Sql#tenantOf}, and the
 * resources are then loaded through JPA, which applies the tenant once more.
 */
public final class SearchStatement {

    private final String where;
    private final String orderBy;
    private final List<Object> countParameters;
    private final List<Object> selectParameters;
    private final int offset;
    private final int count;

    private SearchStatement(String where, String orderBy, List<Object> countParameters, List<Object> selectParameters,
                            int offset, int count) {
        this.where = where;
        this.orderBy = orderBy;
        this.countParameters = countParameters;
        this.selectParameters = selectParameters;
        this.offset = offset;
        this.count = count;
    }

    /**
     * @param blinding     how the values of PHI parameters are stored (see {@link BlindIndexes})
     * @param hiddenOfType per resource type, what consent hides from the caller: chains and {@code _has} do not
     *                     match through it
     */
    public static SearchStatement of(SearchQuery query, String tenant, FhirContext fhirContext, Blinding blinding,
                                     Function<String, Set<Long>> hiddenOfType) {
        if (!fhirContext.getResourceTypes().contains(query.resourceType())) {
            throw SearchException.invalid("Unknown resource type");
        }
        Sql sql = new Sql(tenant);
        CriterionSql criteria = new CriterionSql(sql, fhirContext, new BlindIndexes(blinding, tenant), hiddenOfType);
        StringBuilder where = new StringBuilder(sql.tenantOf("r")).append(" AND r.resource_type = ")
                .append(sql.bind(query.resourceType())).append(" AND NOT r.deleted");
        for (SearchQuery.Criterion criterion : query.criteria()) {
            criteria.topLevel("r", query.resourceType(), criterion, query.strict())
                    .ifPresent(condition -> where.append(" AND ").append(condition));
        }
        query.compartment().ifPresent(patientId -> where.append(" AND ")
                .append(CompartmentStatement.membership(sql, "r", patientId)));
        List<Object> countParameters = sql.parameters();
        List<String> order = new ArrayList<>();
        for (SearchQuery.SortKey key : query.sort()) {
            order.add(sortExpression(sql, fhirContext, query.resourceType(), key)
                    + (key.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        order.add("r.pk");
        return new SearchStatement(where.toString(), String.join(", ", order), countParameters, sql.parameters(),
                query.offset(), query.count());
    }

    /** What the statement matches (before paging). */
    public Matches matches() {
        return new Matches(where, countParameters);
    }

    /** The same search without these resources (those consent hides from the caller). */
    public SearchStatement excluding(Set<Long> keys) {
        return keys.isEmpty() ? this : new SearchStatement(where + Matches.excluding("r", keys), orderBy, countParameters,
                selectParameters, offset, count);
    }

    /** Selects the primary keys of the page, in order. */
    public String selectSql() {
        return "SELECT r.pk FROM fhir_resource r WHERE " + where + " ORDER BY " + orderBy
                + " LIMIT " + count + " OFFSET " + offset;
    }

    public List<Object> selectParameters() {
        return selectParameters;
    }

    /** Counts all matches. */
    public String countSql() {
        return "SELECT COUNT(*) FROM fhir_resource r WHERE " + where;
    }

    public List<Object> countParameters() {
        return countParameters;
    }

    /**
     * A sort key's value for the row {@code r}: the lowest value for ascending order and the highest for descending,
     * so a resource with several values sorts by the one that puts it first.
     */
    private static String sortExpression(Sql sql, FhirContext fhirContext, String type, SearchQuery.SortKey key) {
        switch (key.param()) {
            case "_id" -> {
                return "r.resource_id";
            }
            case "_lastUpdated" -> {
                return "r.last_updated";
            }
            default -> {
                RuntimeSearchParam param = fhirContext.getResourceDefinition(type).getSearchParam(key.param());
                if (param == null) {
                    throw SearchException.invalid("Unknown sort parameter '" + key.param() + "' for " + type);
                }
                if (PhiParameters.isPhi(type, key.param())) {
                    throw SearchException.invalid("Cannot sort by '" + key.param() + "' of " + type
                            + ": its values are stored encrypted, without order");
                }
                String column = switch (param.getParamType()) {
                    case TOKEN, URI -> "token_value";
                    case STRING -> "value_normalized";
                    case DATE -> key.descending() ? "high_value" : "low_value";
                    case NUMBER, QUANTITY -> "num_value";
                    case REFERENCE -> "target_id";
                    default -> throw SearchException.invalid("Cannot sort by '" + key.param() + "'");
                };
                String x = sql.alias("s");
                return "(SELECT " + (key.descending() ? "MAX(" : "MIN(") + x + "." + column + ") FROM "
                        + IndexTables.tableOf(param) + " " + x + " WHERE " + sql.tenantOf(x) + " AND " + x
                        + ".resource_pk = r.pk AND " + x + ".param_name = " + sql.bind(param.getName()) + ")";
            }
        }
    }
}
