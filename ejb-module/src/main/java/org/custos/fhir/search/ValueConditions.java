package org.custos.fhir.search;

import java.math.BigDecimal;

import org.hl7.fhir.r4.model.IdType;

/**
 * SQL conditions for one search value against one index row ({@code x}), by parameter type, with FHIR's prefixes
 * and value syntax. Values are bound; what goes into the SQL text are only column names and operators.
 */
final class ValueConditions {

    /** {@code ap} (approximately): within 10% of the value, as the specification suggests. */
    private static final BigDecimal APPROXIMATE = new BigDecimal("0.1");

    private final Sql sql;
    private final BlindIndexes blindIndexes;
    /** For the values of a PHI parameter: its resource type and indexed name; null otherwise. */
    private final String phiType;
    private final String phiName;

    ValueConditions(Sql sql, BlindIndexes blindIndexes) {
        this(sql, blindIndexes, null, null);
    }

    private ValueConditions(Sql sql, BlindIndexes blindIndexes, String phiType, String phiName) {
        this.sql = sql;
        this.blindIndexes = blindIndexes;
        this.phiType = phiType;
        this.phiName = phiName;
    }

    /**
     * The conditions for the rows of one parameter ({@code indexedName}, as the index names its rows): compared
     * as blind indexes when the parameter holds PHI.
     */
    ValueConditions of(String resourceType, String indexedName) {
        return PhiParameters.isPhi(resourceType, indexedName)
                ? new ValueConditions(sql, blindIndexes, resourceType, indexedName) : this;
    }

    /** {@code [system]|[code]}, {@code |code} (no system), {@code system|} (any code of the system), {@code code}. */
    String token(String x, String raw) {
        return token(x + ".token_system", x + ".token_value", raw);
    }

    /** A token against the given system and code columns. */
    String token(String systemColumn, String valueColumn, String raw) {
        int bar = raw.indexOf('|');
        if (bar < 0) {
            return tokenValue(valueColumn, raw);
        }
        String system = raw.substring(0, bar);
        String code = raw.substring(bar + 1);
        if (system.isEmpty()) {
            return "(" + systemColumn + " IS NULL AND " + tokenValue(valueColumn, code) + ")";
        }
        if (code.isEmpty()) {
            return systemColumn + " = " + sql.bind(system);
        }
        return "(" + systemColumn + " = " + sql.bind(system) + " AND " + tokenValue(valueColumn, code) + ")";
    }

    /** {@code identifier:of-type=typeSystem|typeCode|value}: an identifier of that type with that value. */
    String ofType(String x, String raw, String name) {
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw SearchException.badValue(name);
        }
        return "(" + x + ".token_system = " + sql.bind(parts[0] + "|" + parts[1]) + " AND "
                + tokenValue(x + ".token_value", parts[2]) + ")";
    }

    private String tokenValue(String column, String value) {
        if (phiType == null) {
            return column + " = " + sql.bind(value);
        }
        return column + " IN (" + sql.bindAll(blindIndexes.token(phiType, phiName, value)) + ")";
    }

    /** {@code :below}: the stored uri starts with the value; {@code :above}: the value starts with the stored uri. */
    String uri(String x, String raw, String modifier) {
        return switch (modifier) {
            case "below" -> "left(" + x + ".token_value, " + raw.length() + ") = " + sql.bind(raw);
            case "above" -> "left(" + sql.bind(raw) + ", length(" + x + ".token_value)) = " + x + ".token_value";
            default -> x + ".token_value = " + sql.bind(raw);
        };
    }

    /** Default: starts with, ignoring case and accents; {@code :contains}; {@code :exact}. */
    String string(String x, String raw, String modifier) {
        if (phiType != null) {
            return blindString(x, raw, modifier);
        }
        return switch (modifier) {
            case "exact" -> x + ".value_exact = " + sql.bind(raw);
            case "contains" -> x + ".value_normalized LIKE " + sql.bind("%" + like(SearchIndex.normalize(raw)) + "%")
                    + " ESCAPE '\\'";
            default -> x + ".value_normalized LIKE " + sql.bind(like(SearchIndex.normalize(raw)) + "%") + " ESCAPE '\\'";
        };
    }

    /** The string search of a PHI parameter: equality of blind indexes (see {@link BlindIndexes}). */
    private String blindString(String x, String raw, String modifier) {
        return switch (modifier) {
            case "exact" -> x + ".value_exact IN (" + sql.bindAll(blindIndexes.exact(phiType, phiName, raw)) + ")";
            case "contains" -> throw SearchException.invalid("':contains' is not supported on '" + phiName + "' of "
                    + phiType + ": its values are stored encrypted (prefix and :exact searches work)");
            default -> x + ".value_normalized IN ("
                    + sql.bindAll(blindIndexes.prefix(phiType, phiName, SearchIndex.normalize(raw))) + ")";
        };
    }

    /** A date value against a stored range {@code [low, high)} (see {@link DateComparison}). */
    String date(String low, String high, String raw, String param) {
        return DateComparison.parse(raw, param).sql(low, high, sql);
    }

    /**
     * {@code [prefix]number}: without a prefix the number matches within its precision ({@code 100} matches
     * 99.5 up to 100.5, {@code 100.0} 99.95 up to 100.05).
     */
    String number(String x, String raw, String param) {
        Prefix.Split split = Prefix.split(raw);
        BigDecimal value = decimal(split.value(), param);
        String column = x + ".num_value";
        BigDecimal halfUnit = BigDecimal.ONE.movePointLeft(value.scale()).divide(BigDecimal.valueOf(2));
        return switch (split.prefix()) {
            case EQ -> "(" + column + " >= " + sql.bind(value.subtract(halfUnit)) + " AND " + column + " < "
                    + sql.bind(value.add(halfUnit)) + ")";
            case NE -> "NOT (" + column + " >= " + sql.bind(value.subtract(halfUnit)) + " AND " + column + " < "
                    + sql.bind(value.add(halfUnit)) + ")";
            case GT, SA -> column + " > " + sql.bind(value);
            case LT, EB -> column + " < " + sql.bind(value);
            case GE -> column + " >= " + sql.bind(value);
            case LE -> column + " <= " + sql.bind(value);
            case AP -> {
                BigDecimal margin = value.abs().multiply(APPROXIMATE);
                yield "(" + column + " >= " + sql.bind(value.subtract(margin)) + " AND " + column + " <= "
                        + sql.bind(value.add(margin)) + ")";
            }
        };
    }

    /** {@code [prefix]number|[system]|[code]}: the code matches a UCUM code or, without one, the unit. */
    String quantity(String x, String raw, String param) {
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw SearchException.badValue(param);
        }
        StringBuilder condition = new StringBuilder("(").append(number(x, parts[0], param));
        if (parts.length == 3 && !parts[1].isEmpty()) {
            condition.append(" AND ").append(x).append(".quantity_system = ").append(sql.bind(parts[1]));
        }
        if (parts.length == 3 && !parts[2].isEmpty()) {
            condition.append(" AND ").append(x).append(".quantity_code = ").append(sql.bind(parts[2]));
        }
        return condition.append(')').toString();
    }

    /**
     * {@code Type/id}, a bare {@code id} (of the type the modifier names, if any), an absolute url, or a canonical
     * url.
     */
    String reference(String x, String raw, String typeModifier) {
        String typeCondition = typeModifier.isEmpty() ? "" : " AND " + x + ".target_type = " + sql.bind(typeModifier);
        if (!raw.contains("/")) {
            return "(" + x + ".target_id = " + sql.bind(raw) + typeCondition + ")";
        }
        IdType id = new IdType(raw);
        boolean literal = id.hasResourceType() && id.hasIdPart();
        if (!literal) {
            return x + ".target_url = " + sql.bind(raw);
        }
        String byTypeAndId = "(" + x + ".target_type = " + sql.bind(id.getResourceType()) + " AND " + x
                + ".target_id = " + sql.bind(id.getIdPart()) + ")";
        return id.isAbsolute() ? "(" + x + ".target_url = " + sql.bind(raw) + " OR " + byTypeAndId + ")" : byTypeAndId;
    }

    static BigDecimal decimal(String value, String param) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw SearchException.badValue(param);
        }
    }

    /** 10% of the distance between the value and now, at least a day. */
    private static String like(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
