package org.custos.fhir.search;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The search values extracted from one resource version. This is the seam where index values are stored and
 * compared: a later change that encrypts them (blind indexes) replaces what these records hold and how
 * {@link SearchSql} compares them, not the callers.
 */
public record SearchIndex(List<Token> tokens, List<Text> strings, List<DateRange> dates, List<Quantity> quantities,
                          List<Reference> references, List<Composite> composites) {

    /** Longest value indexed; longer values are cut (a search on them still finds them by prefix). */
    static final int MAX_LENGTH = 512;

    /** Suffix of the string entries that hold a token's display text, searched by the {@code :text} modifier. */
    static final String TEXT_SUFFIX = ":text";

    /**
     * Suffix of the token entries of identifiers by type ({@code :of-type}): the type's {@code system|code} in the
     * system column, the identifier's value in the value column.
     */
    static final String OF_TYPE_SUFFIX = ":of-type";

    public SearchIndex {
        tokens = List.copyOf(tokens);
        strings = List.copyOf(strings);
        dates = List.copyOf(dates);
        quantities = List.copyOf(quantities);
        references = List.copyOf(references);
        composites = List.copyOf(composites);
    }

    /** A code, identifier, boolean, uri or contact point: {@code system|value}, system may be null. */
    public record Token(String param, String system, String value) {
        public Token {
            system = cut(system);
            value = cut(value);
        }
    }

    /** A string, normalized for FHIR's default (prefix, case- and accent-insensitive) match and kept exact. */
    public record Text(String param, String normalized, String exact) {
        static Text of(String param, String value) {
            return new Text(param, normalize(value), cut(value));
        }
    }

    /** A date, dateTime, instant or Period as the range of instants it covers: {@code [low, high)}. */
    public record DateRange(String param, Instant low, Instant high) {
    }

    /**
     * A number or Quantity. For a Quantity, {@code code} is its UCUM code or else its unit; for a plain number both
     * system and code are null.
     */
    public record Quantity(String param, BigDecimal value, String system, String code) {
        public Quantity {
            system = cut(system);
            code = cut(code);
        }
    }

    /** A reference to {@code type/id} (literal references) or, for canonicals and external ones, only a url. */
    public record Reference(String param, String targetType, String targetId, String url) {
        public Reference {
            url = cut(url);
        }
    }

    /**
     * A pair of values of a composite parameter taken from one element: a token, and a second value that fills the
     * fields of its own type (the others stay null).
     */
    public record Composite(String param, Token first, Token secondToken, Quantity secondQuantity, DateRange secondDate,
                            Text secondText) {
    }

    /**
     * FHIR string search is case- and accent-insensitive: lower case without combining marks (so "Müller" is found
     * by "muller").
     */
    static String normalize(String value) {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
        return cut(decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT));
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
    }
}
