package org.custos.fhir.store;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.custos.fhir.search.Matches;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the current caller may see of the patients' data, as their consents decide (implemented by the consent
 * package's gate). The store asks it on every path that returns more than one resource, so searches are filtered
 * before paging and counting: pages stay full and totals count only what the caller may see.
 */
public interface Visibility {

    /** What the caller does with the data (HL7 consentaction). */
    enum Use {
        /** Reading it: reads, searches, history, {@code $everything}. */
        ACCESS("access"),
        /** Passing it on to another system: bulk export. */
        DISCLOSE("disclose"),
        /** Changing it: update and delete of a stored resource. */
        CORRECT("correct");

        private final String code;

        Use(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Of the resources matching, those the caller may not see.
     *
     * @throws org.custos.errors.RequestRefused when it cannot be decided (fail closed: nothing is returned)
     */
    Hidden hiddenAmong(Matches matches, Use use);

    /** Of these resources, those the caller may see, in the order given. */
    List<IBaseResource> visible(List<IBaseResource> resources, Use use);

    /**
     * What consent hides among a statement's matches: their keys, and — when deciding had to go over every match
     * anyway — how many matches the caller may see, so that the store need not count them again.
     */
    record Hidden(Set<Long> keys, OptionalLong visibleCount) {

        public Hidden {
            keys = Set.copyOf(keys);
        }

        /** These keys hidden; the matches not counted. */
        public static Hidden uncounted(Set<Long> keys) {
            return new Hidden(keys, OptionalLong.empty());
        }

        /** These keys hidden among {@code matches} matches (every hidden key is one of them). */
        public static Hidden among(long matches, Set<Long> keys) {
            return new Hidden(keys, OptionalLong.of(matches - keys.size()));
        }
    }
}
