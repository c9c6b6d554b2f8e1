package org.custos.fhir.search;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;

/**
 * SQL conditions for one search value against one index row ({@code x}), by parameter type, with FHIR's prefixes
 * and value syntax. Values are bound; what goes into the SQL text are only column names and operators.
 */
final class ValueConditions {

    /** {@code ap} (approximately): within 10% of the value, as the specification suggests. */
    private static final BigDecimal APPROXIMATE = new BigDecimal("0.1");

    private final Sql sql;

    ValueConditions(Sql sql) {
        this.sql = sql;
    }

    /** {@code [system]|[code]}, {@code |code} (no system), {@code system|} (any code of the system), {@code code}. */
    String token(String x, String raw) {
        return token(x + ".token_system", x + ".token_value", raw);
    }

    /** A token against the given system and code columns. */
    String token(String systemColumn, String valueColumn, String raw) {
        int bar = raw.indexOf('|');
        if (bar < 0) {
            return valueColumn + " = " + sql.bind(raw);
        }
        String system = raw.substring(0, bar);
        String code = raw.substring(bar + 1);
        if (system.isEmpty()) {
            return "(" + systemColumn + " IS NULL AND " + valueColumn + " = " + sql.bind(code) + ")";
        }
        if (code.isEmpty()) {
            return systemColumn + " = " + sql.bind(system);
        }
        return "(" + systemColumn + " = " + sql.bind(system) + " AND " + valueColumn + " = " + sql.bind(code) + ")";
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
        return switch (modifier) {
            case "exact" -> x + ".value_exact = " + sql.bind(raw);
            case "contains" -> x + ".value_normalized LIKE " + sql.bind("%" + like(SearchIndex.normalize(raw)) + "%")
                    + " ESCAPE '\\'";
            default -> x + ".value_normalized LIKE " + sql.bind(like(SearchIndex.normalize(raw)) + "%") + " ESCAPE '\\'";
        };
    }

    /**
     * A date value against a stored range {@code [low, high)}: the searched value is a range too (its precision),
     * and each prefix compares the two ranges as the FHIR search specification describes.
     */
    String date(String low, String high, String raw, String param) {
        Prefix.Split split = Prefix.split(raw);
        DateRanges.Range range;
        try {
            range = DateRanges.of(new DateTimeType(split.value()))
                    .orElseThrow(() -> SearchException.badValue(param));
        } catch (DataFormatException | IllegalArgumentException e) {
            throw SearchException.badValue(param);
        }
        String from = sql.bind(Timestamp.from(range.low()));
        String to = sql.bind(Timestamp.from(range.high()));
        return switch (split.prefix()) {
            case EQ -> "(" + low + " >= " + from + " AND " + high + " <= " + to + ")";
            case NE -> "NOT (" + low + " >= " + from + " AND " + high + " <= " + to + ")";
            case GT -> high + " > " + to;
            case LT -> low + " < " + from;
            case GE -> high + " > " + from;
            case LE -> low + " < " + to;
            case SA -> low + " >= " + to;
            case EB -> high + " <= " + from;
            case AP -> {
                Duration margin = approximateMargin(range.low());
                yield "(" + low + " < " + sql.bind(Timestamp.from(range.high().plus(margin))) + " AND " + high + " > "
                        + sql.bind(Timestamp.from(range.low().minus(margin))) + ")";
            }
        };
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
    private static Duration approximateMargin(Instant value) {
        Duration distance = Duration.between(value, Instant.now()).abs();
        Duration tenth = distance.dividedBy(10);
        return tenth.compareTo(Duration.ofDays(1)) > 0 ? tenth : Duration.ofDays(1);
    }

    private static String like(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
