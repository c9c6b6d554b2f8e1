package org.custos.fhir.search;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The SQL condition of one search criterion on a resource row: which index table holds its values, its modifiers
 * ({@code :missing}, {@code :not}, {@code :text}, {@code :exact}, {@code :contains}, {@code :below}, {@code :above},
 * a reference's type), chains ({@code subject:Patient.name}) and reverse chains ({@code _has}).
 */
final class CriterionSql {

    /** Parameters every server may offer that this one does not: refused rather than silently ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("_text", "_content", "_list", "_query", "_filter", "_type");

    private final Sql sql;
    private final ValueConditions values;
    private final BlindIndexes blindIndexes;
    private final FhirContext fhirContext;
    private final Function<String, Set<Long>> hiddenOfType;

    /**
     * @param hiddenOfType per resource type, what the caller may not see (consent): a chain or {@code _has} does
     *                     not match through those, or its results would tell what they hold
     */
    CriterionSql(Sql sql, FhirContext fhirContext, BlindIndexes blindIndexes, Function<String, Set<Long>> hiddenOfType) {
        this.sql = sql;
        this.hiddenOfType = hiddenOfType;
        this.values = new ValueConditions(sql, blindIndexes);
        this.blindIndexes = blindIndexes;
        this.fhirContext = fhirContext;
    }

    /**
     * The condition for a criterion of the query itself: an unknown parameter is ignored (FHIR's lenient handling)
     * unless the caller asked for strict handling.
     */
    Optional<String> topLevel(String resource, String type, SearchQuery.Criterion criterion, boolean strict) {
        if (!strict && !isKnown(type, criterion.param())) {
            return Optional.empty();
        }
        return Optional.of(condition(resource, type, criterion));
    }

    /** The condition that the {@code fhir_resource} row {@code resource}, of the given type, meets the criterion. */
    String condition(String resource, String type, SearchQuery.Criterion criterion) {
        String name = criterion.param();
        if (criterion.anyOf().isEmpty()) {
            throw SearchException.invalid("Search parameter '" + name + "' has no value");
        }
        if (UNSUPPORTED.contains(name)) {
            throw SearchException.invalid("Search parameter '" + name + "' is not supported");
        }
        switch (name) {
            case "_has" -> {
                return reverseChain(resource, criterion);
            }
            case "_id" -> {
                return idCondition(resource, criterion);
            }
            case "_lastUpdated" -> {
                requireNoModifier(criterion);
                return anyOf(criterion, raw -> values.date(resource + ".last_updated",
                        "(" + resource + ".last_updated + interval '1 millisecond')", raw, name));
            }
            default -> {
                RuntimeSearchParam param = definition(type).getSearchParam(name);
                if (param == null) {
                    throw SearchException.invalid("Unknown search parameter '" + name + "' for " + type);
                }
                if (!SearchCapabilities.isSupported(definition(type), param)) {
                    throw SearchException.invalid("Search parameter '" + name + "' (" + param.getParamType().getCode()
                            + ") is not supported");
                }
                return parameterCondition(resource, type, param, criterion);
            }
        }
    }

    private String parameterCondition(String resource, String type, RuntimeSearchParam param,
                                      SearchQuery.Criterion criterion) {
        String name = param.getName();
        String modifier = criterion.modifier();
        if ("missing".equals(modifier)) {
            boolean missing = Boolean.parseBoolean(criterion.anyOf().get(0));
            String any = exists(IndexTables.tableOf(param), resource, IndexTables.indexedName(param), x -> "TRUE");
            return missing ? "NOT " + any : any;
        }
        if (!criterion.chain().isEmpty()) {
            return chain(resource, param, criterion);
        }
        RestSearchParameterTypeEnum paramType = param.getParamType();
        return switch (paramType) {
            case TOKEN -> switch (modifier) {
                case "" -> exists("fhir_search_token", resource, name,
                        x -> anyOf(criterion, raw -> values.of(type, name).token(x, raw)));
                case "not" -> "NOT " + exists("fhir_search_token", resource, name,
                        x -> anyOf(criterion, raw -> values.of(type, name).token(x, raw)));
                case "text" -> exists("fhir_search_string", resource, name + SearchIndex.TEXT_SUFFIX, x -> anyOf(
                        criterion, raw -> values.of(type, name + SearchIndex.TEXT_SUFFIX).string(x, raw, "")));
                case "of-type" -> exists("fhir_search_token", resource, name + SearchIndex.OF_TYPE_SUFFIX, x -> anyOf(
                        criterion, raw -> values.of(type, name + SearchIndex.OF_TYPE_SUFFIX).ofType(x, raw, name)));
                default -> throw SearchException.unsupported(name, modifier);
            };
            case URI -> {
                requireModifierIn(criterion, "", "below", "above");
                yield exists("fhir_search_token", resource, name, x -> anyOf(criterion, raw -> values.uri(x, raw, modifier)));
            }
            case STRING -> {
                requireModifierIn(criterion, "", "contains", "exact");
                yield exists("fhir_search_string", resource, name,
                        x -> anyOf(criterion, raw -> values.of(type, name).string(x, raw, modifier)));
            }
            case DATE -> {
                requireNoModifier(criterion);
                if (PhiParameters.isPhi(type, name)) {
                    yield anyOf(criterion, raw -> blindDate(resource, type, name, raw));
                }
                yield exists("fhir_search_date", resource, name, x -> anyOf(criterion,
                        raw -> values.date(x + ".low_value", x + ".high_value", raw, name)));
            }
            case NUMBER -> {
                requireNoModifier(criterion);
                yield exists("fhir_search_quantity", resource, name, x -> anyOf(criterion, raw -> values.number(x, raw, name)));
            }
            case QUANTITY -> {
                requireNoModifier(criterion);
                yield exists("fhir_search_quantity", resource, name,
                        x -> anyOf(criterion, raw -> values.quantity(x, raw, name)));
            }
            case REFERENCE -> {
                if (!modifier.isEmpty() && !fhirContext.getResourceTypes().contains(modifier)) {
                    throw SearchException.unsupported(name, modifier);
                }
                yield exists("fhir_search_reference", resource, name,
                        x -> anyOf(criterion, raw -> values.reference(x, raw, modifier)));
            }
            case SPECIAL -> {
                requireNoModifier(criterion);
                yield near(resource, name, criterion);
            }
            case COMPOSITE -> {
                requireNoModifier(criterion);
                yield composite(resource, type, param, criterion);
            }
            default -> throw SearchException.invalid("Search parameter '" + name + "' (" + paramType.getCode()
                    + ") is not supported");
        };
    }

    /**
     * {@code code-value-quantity=http://loinc.org|8480-6$gt140}: one row of the composite, i.e. one element, holds
     * both the token and the second value.
     */
    private String composite(String resource, String type, RuntimeSearchParam param, SearchQuery.Criterion criterion) {
        RestSearchParameterTypeEnum secondType = CompositeParameters.components(definition(type), param)
                .orElseThrow(() -> SearchException.invalid("Search parameter '" + param.getName() + "' is not supported"))
                .get(1).getParamType();
        return exists("fhir_search_composite", resource, param.getName(), x -> anyOf(criterion, raw -> {
            int dollar = raw.indexOf('$');
            if (dollar <= 0 || dollar == raw.length() - 1) {
                throw SearchException.badValue(param.getName());
            }
            String first = values.token(x, raw.substring(0, dollar));
            String second = raw.substring(dollar + 1);
            return "(" + first + " AND " + switch (secondType) {
                case TOKEN -> values.token(x + ".value_system", x + ".value_code", second);
                case QUANTITY -> values.quantity(x, second, param.getName());
                case NUMBER -> values.number(x, second, param.getName());
                case DATE -> values.date(x + ".low_value", x + ".high_value", second, param.getName());
                default -> values.string(x, second, "");
            } + ")";
        }));
    }

    /**
     * A date of a PHI parameter (see {@link BlindIndexes}): the plain year decides outside the boundary years, the
     * blinded exact values inside them.
     */
    private String blindDate(String resource, String type, String name, String raw) {
        DateComparison comparison = DateComparison.parse(raw, name);
        BlindIndexes.DateSearch search = blindIndexes.date(type, name, comparison);
        List<Timestamp> boundaryYears = search.boundaryYears().stream().map(Timestamp::from).toList();
        String byYear = exists("fhir_search_date", resource, name, x -> "(" + x + ".low_value NOT IN ("
                + sql.bindAll(boundaryYears) + ") AND " + comparison.sql(x + ".low_value", x + ".high_value", sql) + ")");
        if (search.matching().isEmpty()) {
            return byYear;
        }
        return "(" + byYear + " OR " + exists("fhir_search_token", resource, name + BlindIndexes.DATE_SUFFIX,
                x -> x + ".token_value IN (" + sql.bindAll(search.matching()) + ")") + ")";
    }

    /** {@code subject:Patient.name=x}: some referenced resource of the named (or any target) type matches. */
    private String chain(String resource, RuntimeSearchParam param, SearchQuery.Criterion criterion) {
        if (param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
            throw SearchException.invalid("Only reference parameters can be chained ('" + param.getName() + "')");
        }
        List<String> targetTypes = criterion.modifier().isEmpty()
                ? List.copyOf(param.getTargets()) : List.of(criterion.modifier());
        SearchQuery.Criterion inner = SearchQuery.Criterion.parse(criterion.chain(), criterion.anyOf());
        String x = sql.alias("x");
        String target = sql.alias("r");
        List<String> perType = new ArrayList<>();
        for (String targetType : targetTypes.stream().sorted().toList()) {
            if (fhirContext.getResourceTypes().contains(targetType) && isKnown(targetType, inner.param())) {
                perType.add("(" + target + ".resource_type = " + sql.bind(targetType) + " AND "
                        + condition(target, targetType, inner) + ")");
            }
        }
        if (perType.isEmpty()) {
            throw SearchException.invalid("Chained parameter '" + param.getName() + "." + inner.param()
                    + "' names no parameter of the referenced type");
        }
        Set<Long> hidden = new TreeSet<>();
        targetTypes.stream().filter(fhirContext.getResourceTypes()::contains)
                .forEach(targetType -> hidden.addAll(hiddenOfType.apply(targetType)));
        return "EXISTS (SELECT 1 FROM fhir_search_reference " + x + " JOIN fhir_resource " + target + " ON "
                + target + ".tenant_id = " + x + ".tenant_id AND " + target + ".resource_type = " + x + ".target_type AND "
                + target + ".resource_id = " + x + ".target_id WHERE " + sql.tenantOf(x) + " AND " + sql.tenantOf(target)
                + " AND " + x + ".resource_pk = " + resource + ".pk AND " + x + ".param_name = "
                + sql.bind(param.getName()) + " AND NOT " + target + ".deleted" + Matches.excluding(target, hidden)
                + " AND (" + String.join(" OR ", perType) + "))";
    }

    /** {@code _has:Observation:patient:code=x}: some Observation whose {@code patient} is this resource matches. */
    private String reverseChain(String resource, SearchQuery.Criterion criterion) {
        String[] parts = criterion.modifier().split(":", 3);
        if (parts.length < 3 || !fhirContext.getResourceTypes().contains(parts[0])) {
            throw SearchException.invalid("_has takes _has:Type:reference-parameter:search-parameter");
        }
        String referringType = parts[0];
        RuntimeSearchParam reference = definition(referringType).getSearchParam(parts[1]);
        if (reference == null || reference.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
            throw SearchException.invalid("_has names no reference parameter '" + parts[1] + "' of " + referringType);
        }
        SearchQuery.Criterion inner = SearchQuery.Criterion.parse(parts[2], criterion.anyOf());
        String x = sql.alias("x");
        String referring = sql.alias("r");
        return "EXISTS (SELECT 1 FROM fhir_search_reference " + x + " JOIN fhir_resource " + referring + " ON "
                + referring + ".pk = " + x + ".resource_pk WHERE " + sql.tenantOf(x) + " AND " + sql.tenantOf(referring)
                + " AND " + x + ".target_type = " + resource + ".resource_type AND " + x + ".target_id = " + resource
                + ".resource_id AND " + x + ".param_name = " + sql.bind(reference.getName()) + " AND "
                + referring + ".resource_type = " + sql.bind(referringType) + " AND NOT " + referring + ".deleted"
                + Matches.excluding(referring, hiddenOfType.apply(referringType)) + " AND "
                + condition(referring, referringType, inner) + ")";
    }

    /** {@code near}: inside the box around the point (see {@link NearBox}). */
    private String near(String resource, String name, SearchQuery.Criterion criterion) {
        return anyOf(criterion, raw -> {
            NearBox box = NearBox.parse(raw, name);
            return "(" + between(resource, name + IndexValues.LATITUDE, box.latitude(), box.latitudeDelta()) + " AND "
                    + between(resource, name + IndexValues.LONGITUDE, box.longitude(), box.longitudeDelta()) + ")";
        });
    }

    private String between(String resource, String param, BigDecimal center, BigDecimal delta) {
        return exists("fhir_search_quantity", resource, param, x -> x + ".num_value BETWEEN "
                + sql.bind(center.subtract(delta)) + " AND " + sql.bind(center.add(delta)));
    }

    private String idCondition(String resource, SearchQuery.Criterion criterion) {
        requireModifierIn(criterion, "", "not");
        String in = resource + ".resource_id IN (" + sql.bindAll(criterion.anyOf()) + ")";
        return "not".equals(criterion.modifier()) ? "NOT " + in : in;
    }

    /** Some index row of this resource and parameter meets the condition. */
    private String exists(String table, String resource, String param, Function<String, String> rowCondition) {
        String x = sql.alias("x");
        return "EXISTS (SELECT 1 FROM " + table + " " + x + " WHERE " + sql.tenantOf(x) + " AND " + x
                + ".resource_pk = " + resource + ".pk AND " + x + ".param_name = " + sql.bind(param) + " AND ("
                + rowCondition.apply(x) + "))";
    }

    private static String anyOf(SearchQuery.Criterion criterion, Function<String, String> valueCondition) {
        List<String> alternatives = criterion.anyOf().stream().map(valueCondition).toList();
        return alternatives.size() == 1 ? alternatives.get(0) : "(" + String.join(" OR ", alternatives) + ")";
    }

    private boolean isKnown(String type, String param) {
        return param.equals("_has") || param.equals("_id") || param.equals("_lastUpdated")
                || UNSUPPORTED.contains(param) || definition(type).getSearchParam(param) != null;
    }

    private RuntimeResourceDefinition definition(String type) {
        return fhirContext.getResourceDefinition(type);
    }

    private static void requireNoModifier(SearchQuery.Criterion criterion) {
        requireModifierIn(criterion, "");
    }

    private static void requireModifierIn(SearchQuery.Criterion criterion, String... allowed) {
        if (!List.of(allowed).contains(criterion.modifier())) {
            throw SearchException.unsupported(criterion.param(), criterion.modifier());
        }
    }
}
