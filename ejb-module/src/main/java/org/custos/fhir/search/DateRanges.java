package org.custos.fhir.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * FHIR dates as the half-open range of instants they cover: {@code 2024} is the whole year, {@code 2024-03-01} the
 * whole day. Stored values and searched values are both turned into ranges so that FHIR's prefixes compare ranges
 * as the specification describes. Dates without a time zone are read as UTC.
 */
final class DateRanges {

    /** Stands for "no lower bound" (a Period without start); PostgreSQL keeps it exactly. */
    static final Instant OPEN_START = Instant.parse("0001-01-01T00:00:00Z");
    /** Stands for "no upper bound" (a Period without end, still ongoing). */
    static final Instant OPEN_END = Instant.parse("9999-12-31T00:00:00Z");

    private DateRanges() {
    }

    record Range(Instant low, Instant high) {
    }

    static Optional<Range> of(BaseDateTimeType value) {
        if (value == null || value.getValue() == null || value.getPrecision() == null) {
            return Optional.empty();
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        Instant low = switch (precision) {
            case YEAR -> utcDate(value.getYear(), 1, 1);
            case MONTH -> utcDate(value.getYear(), value.getMonth() + 1, 1);
            case DAY -> utcDate(value.getYear(), value.getMonth() + 1, value.getDay());
            default -> value.getValue().toInstant();
        };
        Instant high = switch (precision) {
            case YEAR -> low.atOffset(ZoneOffset.UTC).plusYears(1).toInstant();
            case MONTH -> low.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
            case DAY -> low.plus(1, ChronoUnit.DAYS);
            case MINUTE -> low.plus(1, ChronoUnit.MINUTES);
            case SECOND -> low.plus(1, ChronoUnit.SECONDS);
            case MILLI -> low.plus(1, ChronoUnit.MILLIS);
        };
        return Optional.of(new Range(low, high));
    }

    /** A Period: from the start of its start to the end of its end; a missing bound is open. */
    static Optional<Range> of(BaseDateTimeType start, BaseDateTimeType end) {
        Optional<Range> from = of(start);
        Optional<Range> to = of(end);
        if (from.isEmpty() && to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Range(from.map(Range::low).orElse(OPEN_START), to.map(Range::high).orElse(OPEN_END)));
    }

    private static Instant utcDate(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
