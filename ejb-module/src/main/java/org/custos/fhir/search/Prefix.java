package org.custos.fhir.search;

/** FHIR's comparison prefixes of number, date and quantity search values ({@code ge2024}, {@code lt5.4}). */
enum Prefix {
    EQ, NE, GT, LT, GE, LE, SA, EB, AP;

    /** A value with its prefix taken off; {@code eq} when there is none. */
    record Split(Prefix prefix, String value) {
    }

    static Split split(String raw) {
        if (raw.length() > 2 && Character.isLetter(raw.charAt(0)) && Character.isLetter(raw.charAt(1))) {
            for (Prefix prefix : values()) {
                if (raw.regionMatches(true, 0, prefix.name(), 0, 2)) {
                    return new Split(prefix, raw.substring(2));
                }
            }
        }
        return new Split(EQ, raw);
    }
}
