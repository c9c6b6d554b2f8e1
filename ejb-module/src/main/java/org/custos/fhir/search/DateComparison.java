package org.custos.fhir.search;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * A date search value ({@code ge1970-05}) compared with a stored range {@code [low, high)}: the searched value is
 * a range too (its precision), and each prefix compares the two ranges as the FHIR search specification describes.
 * The one definition serves as SQL over index rows and, for blind-indexed dates, evaluated here over candidate
 * values ({@link #matches}).
 *
 * @param low    start of the searched range
 * @param high   end of the searched range (exclusive)
 * @param margin for {@code ap}: how far around the range still counts
 */
record DateComparison(Prefix prefix, Instant low, Instant high, Duration margin) {

    static DateComparison parse(String raw, String param) {
        Prefix.Split split = Prefix.split(raw);
        DateRanges.Range range;
        try {
            range = DateRanges.of(new DateTimeType(split.value())).orElseThrow(() -> SearchException.badValue(param));
        } catch (DataFormatException | IllegalArgumentException e) {
            throw SearchException.badValue(param);
        }
        return new DateComparison(split.prefix(), range.low(), range.high(), approximateMargin(range.low()));
    }

    /** The condition on the columns of a stored range. */
    String sql(String lowColumn, String highColumn, Sql sql) {
        String from = sql.bind(Timestamp.from(low));
        String to = sql.bind(Timestamp.from(high));
        return switch (prefix) {
            case EQ -> "(" + lowColumn + " >= " + from + " AND " + highColumn + " <= " + to + ")";
            case NE -> "NOT (" + lowColumn + " >= " + from + " AND " + highColumn + " <= " + to + ")";
            case GT -> highColumn + " > " + to;
            case LT -> lowColumn + " < " + from;
            case GE -> highColumn + " > " + from;
            case LE -> lowColumn + " < " + to;
            case SA -> lowColumn + " >= " + to;
            case EB -> highColumn + " <= " + from;
            case AP -> "(" + lowColumn + " < " + sql.bind(Timestamp.from(high.plus(margin))) + " AND " + highColumn
                    + " > " + sql.bind(Timestamp.from(low.minus(margin))) + ")";
        };
    }

    /** Whether a stored range {@code [storedLow, storedHigh)} matches: exactly what {@link #sql} selects. */
    boolean matches(Instant storedLow, Instant storedHigh) {
        return switch (prefix) {
            case EQ -> !storedLow.isBefore(low) && !storedHigh.isAfter(high);
            case NE -> !(!storedLow.isBefore(low) && !storedHigh.isAfter(high));
            case GT -> storedHigh.isAfter(high);
            case LT -> storedLow.isBefore(low);
            case GE -> storedHigh.isAfter(low);
            case LE -> storedLow.isBefore(high);
            case SA -> !storedLow.isBefore(high);
            case EB -> !storedHigh.isAfter(low);
            case AP -> storedLow.isBefore(high.plus(margin)) && storedHigh.isAfter(low.minus(margin));
        };
    }

    /** The instants the outcome can change at: a stored range on one side of all of them always gets the same answer. */
    List<Instant> criticalInstants() {
        return prefix == Prefix.AP ? List.of(low.minus(margin), high.plus(margin)) : List.of(low, high);
    }

    /** {@code ap}: within a tenth of the time between the value and now, at least a day. */
    private static Duration approximateMargin(Instant value) {
        Duration distance = Duration.between(value, Instant.now()).abs();
        Duration tenth = distance.dividedBy(10);
        return tenth.compareTo(Duration.ofDays(1)) > 0 ? tenth : Duration.ofDays(1);
    }
}
