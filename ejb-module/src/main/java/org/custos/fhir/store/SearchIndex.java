package org.custos.fhir.store;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The search values extracted from one resource version. This is the seam where index values are stored and
 * compared: a later change that encrypts them (blind indexes) replaces what these records hold, not the callers.
 */
record SearchIndex(List<Token> tokens, List<Text> strings) {

    /** Longest value indexed; longer values are cut (a search on them still finds them by prefix). */
    static final int MAX_LENGTH = 512;

    SearchIndex {
        tokens = List.copyOf(tokens);
        strings = List.copyOf(strings);
    }

    record Token(String param, String system, String value) {
        Token {
            system = cut(system);
            value = cut(value);
        }
    }

    record Text(String param, String normalized, String exact) {
        static Text of(String param, String value) {
            return new Text(param, normalize(value), cut(value));
        }
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
