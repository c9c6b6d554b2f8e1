package org.custos.fhir.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Translates a {@link SearchQuery} into one JPQL query over the search index. Tenant filtering is not written
 * here: EclipseLink adds it to every entity of the query.
 */
final class SearchJpql {

    private final StringBuilder where = new StringBuilder("r.resourceType = :type AND r.deleted = FALSE");
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private SearchJpql(String resourceType) {
        parameters.put("type", resourceType);
    }

    static SearchJpql of(SearchQuery query, RuntimeResourceDefinition definition) {
        SearchJpql jpql = new SearchJpql(query.resourceType());
        int index = 0;
        for (SearchQuery.Criterion criterion : query.criteria()) {
            jpql.add(criterion, definition, index++);
        }
        return jpql;
    }

    String select() {
        return "SELECT r FROM ResourceRecord r WHERE " + where + " ORDER BY r.lastUpdated DESC, r.resourceId";
    }

    String count() {
        return "SELECT COUNT(r) FROM ResourceRecord r WHERE " + where;
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    private void add(SearchQuery.Criterion criterion, RuntimeResourceDefinition definition, int index) {
        if (criterion.anyOf().isEmpty()) {
            throw StoreException.invalid("Search parameter '" + criterion.param() + "' has no value");
        }
        if ("_id".equals(criterion.param())) {
            where.append(" AND r.resourceId IN :ids").append(index);
            parameters.put("ids" + index, criterion.anyOf());
            return;
        }
        RuntimeSearchParam param = definition.getSearchParam(criterion.param());
        if (param == null) {
            throw StoreException.invalid("Unknown search parameter '" + criterion.param() + "' for "
                    + definition.getName());
        }
        if (param.getParamType() == RestSearchParameterTypeEnum.TOKEN) {
            addToken(criterion, index);
        } else if (param.getParamType() == RestSearchParameterTypeEnum.STRING) {
            addString(criterion, index);
        } else {
            throw StoreException.invalid("Search parameter '" + criterion.param() + "' is not supported yet");
        }
    }

    private void addToken(SearchQuery.Criterion criterion, int index) {
        if (!criterion.modifier().isEmpty()) {
            throw StoreException.invalid("Modifier ':" + criterion.modifier() + "' is not supported for token parameter '"
                    + criterion.param() + "'");
        }
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < criterion.anyOf().size(); i++) {
            String raw = criterion.anyOf().get(i);
            String name = "t" + index + "_" + i;
            int bar = raw.indexOf('|');
            if (bar < 0) {
                alternatives.add("t.tokenValue = :" + name + "v");
                parameters.put(name + "v", raw);
            } else if (bar == 0) {
                alternatives.add("(t.tokenSystem IS NULL AND t.tokenValue = :" + name + "v)");
                parameters.put(name + "v", raw.substring(1));
            } else if (bar == raw.length() - 1) {
                alternatives.add("t.tokenSystem = :" + name + "s");
                parameters.put(name + "s", raw.substring(0, bar));
            } else {
                alternatives.add("(t.tokenSystem = :" + name + "s AND t.tokenValue = :" + name + "v)");
                parameters.put(name + "s", raw.substring(0, bar));
                parameters.put(name + "v", raw.substring(bar + 1));
            }
        }
        exists("TokenIndexEntry", criterion.param(), index, alternatives);
    }

    private void addString(SearchQuery.Criterion criterion, int index) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < criterion.anyOf().size(); i++) {
            String raw = criterion.anyOf().get(i);
            String name = "s" + index + "_" + i;
            switch (criterion.modifier()) {
                case "" -> {
                    alternatives.add("t.normalized LIKE :" + name + " ESCAPE '\\'");
                    parameters.put(name, escapeLike(SearchIndex.normalize(raw)) + "%");
                }
                case "contains" -> {
                    alternatives.add("t.normalized LIKE :" + name + " ESCAPE '\\'");
                    parameters.put(name, "%" + escapeLike(SearchIndex.normalize(raw)) + "%");
                }
                case "exact" -> {
                    alternatives.add("t.exact = :" + name);
                    parameters.put(name, raw);
                }
                default -> throw StoreException.invalid("Modifier ':" + criterion.modifier()
                        + "' is not supported for string parameter '" + criterion.param() + "'");
            }
        }
        exists("StringIndexEntry", criterion.param(), index, alternatives);
    }

    private void exists(String entity, String param, int index, List<String> alternatives) {
        where.append(" AND EXISTS (SELECT t FROM ").append(entity).append(" t WHERE t.resource = r AND t.paramName = :p")
                .append(index).append(" AND (").append(String.join(" OR ", alternatives)).append("))");
        parameters.put("p" + index, param);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
