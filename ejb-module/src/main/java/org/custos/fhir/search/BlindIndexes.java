package org.custos.fhir.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.custos.crypto.Blinding;

/**
 * The blind-index scheme of PHI search parameters ({@link PhiParameters}), for writing index rows and for
 * searching them, so both sides always agree:
 * <ul>
 * <li>a token keeps its system (a code system or identifier namespace, not PHI) and stores its value blinded;</li>
 * <li>a string is stored as one row per normalized prefix, up to {@link #MAX_PREFIX} characters, each blinded, with
 *     the blinded exact value beside it: FHIR's default starts-with search becomes an equality on the blinded
 *     prefix, {@code :exact} an equality on the blinded exact value; {@code :contains} and sorting are refused.</li>
 * <li>a date (birth, death) is stored as its plain <em>year</em> (a date row widened to the whole UTC year) and the
 *     blinded exact value at day, month or year precision (a token row, {@link #DATE_SUFFIX}). A search compares
 *     the plain years where the answer is the same for every date of the year, and, in the one or two years where
 *     it is not, lists the blinded values of every day, month and year that match ({@link DateComparison#matches}):
 *     exact results without decrypting anything. Values with a time of day count as their UTC day, so searches
 *     on these parameters take at most day precision.</li>
 * </ul>
 * The scope of every value is its resource type and indexed parameter name, and the tenant is part of the key
 * input, so equal values of different tenants, types or parameters look unrelated.
 */
final class BlindIndexes {

    /** Prefixes longer than this are not indexed: a longer search is compared on its first 64 characters. */
    static final int MAX_PREFIX = 64;

    /** Parameter-name suffix of the token rows that hold a date's blinded exact value. */
    static final String DATE_SUFFIX = ":blind-date";

    private static final String PREFIX_MARK = "^";
    private static final String EXACT_MARK = "=";

    private final Blinding blinding;
    private final String tenant;

    BlindIndexes(Blinding blinding, String tenant) {
        this.blinding = blinding;
        this.tenant = tenant;
    }

    /** The index rows as stored: values of PHI parameters blinded, the others unchanged. */
    SearchIndex blind(String resourceType, SearchIndex index) {
        List<SearchIndex.Token> tokens = new ArrayList<>();
        for (SearchIndex.Token token : index.tokens()) {
            tokens.add(!PhiParameters.isPhi(resourceType, token.param()) ? token : new SearchIndex.Token(token.param(),
                    token.system(), blinding.blind(tenant, scope(resourceType, token.param()), token.value())));
        }
        List<SearchIndex.Text> strings = new ArrayList<>();
        for (SearchIndex.Text text : index.strings()) {
            if (!PhiParameters.isPhi(resourceType, text.param())) {
                strings.add(text);
                continue;
            }
            String scope = scope(resourceType, text.param());
            String exact = blinding.blind(tenant, scope, EXACT_MARK + text.exact());
            int longest = Math.min(text.normalized().length(), MAX_PREFIX);
            for (int length = 1; length <= longest; length++) {
                String prefix = blinding.blind(tenant, scope, PREFIX_MARK + text.normalized().substring(0, length));
                strings.add(new SearchIndex.Text(text.param(), prefix, exact));
            }
        }
        List<SearchIndex.DateRange> dates = new ArrayList<>();
        for (SearchIndex.DateRange date : index.dates()) {
            if (!PhiParameters.isPhi(resourceType, date.param())) {
                dates.add(date);
                continue;
            }
            int lastYear = utc(date.high().minusMillis(1)).getYear();
            dates.add(new SearchIndex.DateRange(date.param(), yearStart(utc(date.low()).getYear()), yearStart(lastYear + 1)));
            tokens.add(new SearchIndex.Token(date.param() + DATE_SUFFIX, null, blinding.blind(tenant,
                    scope(resourceType, date.param() + DATE_SUFFIX), calendarValue(date.low(), date.high()))));
        }
        return new SearchIndex(tokens, strings, dates, index.quantities(), index.references(), index.composites());
    }

    /** How a date search on a PHI parameter is answered: by plain years outside {@code boundaryYears}, by
     * {@code matching} blinded values inside them. */
    record DateSearch(List<Instant> boundaryYears, List<String> matching) {
    }

    DateSearch date(String resourceType, String param, DateComparison comparison) {
        if (!isMidnight(comparison.low()) || !isMidnight(comparison.high())) {
            throw SearchException.invalid("'" + param + "' of " + resourceType + " is searched at day precision at"
                    + " most: its values are stored encrypted");
        }
        Set<Integer> years = new TreeSet<>();
        for (Instant critical : comparison.criticalInstants()) {
            years.add(clampYear(utc(critical).getYear()));
            years.add(clampYear(utc(critical.minusMillis(1)).getYear()));
        }
        String scope = scope(resourceType, param + DATE_SUFFIX);
        List<Instant> boundaryYears = new ArrayList<>();
        List<String> matching = new ArrayList<>();
        for (int year : years) {
            boundaryYears.add(yearStart(year));
            for (Instant[] range : calendarRanges(year)) {
                if (comparison.matches(range[0], range[1])) {
                    matching.addAll(blinding.candidates(tenant, scope, calendarValue(range[0], range[1])));
                }
            }
        }
        return new DateSearch(boundaryYears, matching);
    }

    /** The year, each month and each day of a year, as the ranges a stored date can have. */
    private static List<Instant[]> calendarRanges(int year) {
        List<Instant[]> ranges = new ArrayList<>();
        LocalDate first = LocalDate.of(year, 1, 1);
        ranges.add(new Instant[] {yearStart(year), yearStart(year + 1)});
        for (LocalDate month = first; month.getYear() == year; month = month.plusMonths(1)) {
            ranges.add(new Instant[] {start(month), start(month.plusMonths(1))});
        }
        for (LocalDate day = first; day.getYear() == year; day = day.plusDays(1)) {
            ranges.add(new Instant[] {start(day), start(day.plusDays(1))});
        }
        return ranges;
    }

    /** {@code Y1985}, {@code M1985-01} or {@code D1985-01-15}: the stored range at its precision; finer is its day. */
    static String calendarValue(Instant low, Instant high) {
        LocalDate first = utc(low).toLocalDate();
        if (isMidnight(low) && first.getDayOfYear() == 1 && high.equals(start(first.plusYears(1)))) {
            return "Y" + first.getYear();
        }
        if (isMidnight(low) && first.getDayOfMonth() == 1 && high.equals(start(first.plusMonths(1)))) {
            return "M" + first.toString().substring(0, 7);
        }
        return "D" + first;
    }

    private static boolean isMidnight(Instant instant) {
        return utc(instant).toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    private static int clampYear(int year) {
        return Math.max(1, Math.min(9998, year));
    }

    private static Instant yearStart(int year) {
        return start(LocalDate.of(year, 1, 1));
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** What a token value of this parameter is stored as, under each key in use. */
    List<String> token(String resourceType, String indexedName, String value) {
        return blinding.candidates(tenant, scope(resourceType, indexedName), value);
    }

    /** What the rows whose normalized value starts with {@code normalizedQuery} store, under each key in use. */
    List<String> prefix(String resourceType, String indexedName, String normalizedQuery) {
        String bounded = normalizedQuery.length() > MAX_PREFIX ? normalizedQuery.substring(0, MAX_PREFIX) : normalizedQuery;
        return blinding.candidates(tenant, scope(resourceType, indexedName), PREFIX_MARK + bounded);
    }

    /** What the rows of exactly this value store, under each key in use. */
    List<String> exact(String resourceType, String indexedName, String value) {
        return blinding.candidates(tenant, scope(resourceType, indexedName), EXACT_MARK + value);
    }

    private static String scope(String resourceType, String indexedName) {
        return resourceType + "." + indexedName;
    }
}
