package org.custos.fhir.search;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The SQL that finds what an {@code _include} or {@code _revinclude} adds to a page: the resources the page's
 * resources reference, or the resources that reference them. Restricted to the tenant like every search statement.
 */
public final class IncludeStatement {

    /** Most resources one include step adds to a page; a revinclude on a busy patient must not load everything. */
    public static final int MAX_INCLUDED = 1000;

    private final String sql;
    private final List<Object> parameters;

    private IncludeStatement(String sql, List<Object> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /**
     * @param include what to include
     * @param fromPks the primary keys of the resources to include from (the page, or the last iteration's results)
     */
    public static IncludeStatement of(SearchQuery.Include include, List<Long> fromPks, String tenant,
                                      FhirContext fhirContext) {
        requireReferenceParameter(include, fhirContext);
        return build(include.reverse(), fromPks, include.sourceType(), include.anyParam() ? null : include.param(),
                include.targetType(), tenant);
    }

    /** Every resource the given resources reference, of any type and through any parameter ({@code $everything}). */
    public static IncludeStatement referencedBy(List<Long> fromPks, String tenant) {
        return build(false, fromPks, null, null, null, tenant);
    }

    /** {@code null} source type, parameter or target type: any. */
    private static IncludeStatement build(boolean reverse, List<Long> fromPks, String sourceType, String param,
                                          String targetType, String tenant) {
        Sql sql = new Sql(tenant);
        StringBuilder statement = new StringBuilder("SELECT DISTINCT ").append(reverse ? "s" : "t")
                .append(".pk FROM fhir_search_reference x")
                .append(" JOIN fhir_resource s ON s.pk = x.resource_pk")
                .append(" JOIN fhir_resource t ON t.tenant_id = x.tenant_id AND t.resource_type = x.target_type")
                .append(" AND t.resource_id = x.target_id WHERE ")
                .append(sql.tenantOf("x")).append(" AND ").append(sql.tenantOf("s")).append(" AND ")
                .append(sql.tenantOf("t")).append(" AND NOT s.deleted AND NOT t.deleted")
                .append(reverse ? " AND t.pk IN (" : " AND s.pk IN (").append(sql.bindAll(fromPks)).append(')');
        if (sourceType != null) {
            statement.append(" AND s.resource_type = ").append(sql.bind(sourceType));
        }
        if (param != null) {
            statement.append(" AND x.param_name = ").append(sql.bind(param));
        }
        if (targetType != null) {
            statement.append(" AND x.target_type = ").append(sql.bind(targetType));
        }
        statement.append(" LIMIT ").append(MAX_INCLUDED);
        return new IncludeStatement(statement.toString(), sql.parameters());
    }

    private static void requireReferenceParameter(SearchQuery.Include include, FhirContext fhirContext) {
        if (!fhirContext.getResourceTypes().contains(include.sourceType())
                || include.targetType() != null && !fhirContext.getResourceTypes().contains(include.targetType())) {
            throw SearchException.invalid("_include and _revinclude name an unknown resource type");
        }
        if (include.anyParam()) {
            return;
        }
        RuntimeSearchParam param = fhirContext.getResourceDefinition(include.sourceType()).getSearchParam(include.param());
        if (param == null || param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
            throw SearchException.invalid("'" + include.param() + "' is no reference parameter of "
                    + include.sourceType());
        }
    }

    public String sql() {
        return sql;
    }

    public List<Object> parameters() {
        return parameters;
    }
}
