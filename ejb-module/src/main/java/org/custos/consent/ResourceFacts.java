package org.custos.consent;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.custos.fhir.search.ConsentStatements;

/**
 * What a consent decision needs to know of one stored resource (a row of {@link ConsentStatements}): ids, never
 * content.
 *
 * @param key            its primary key
 * @param patients       the patients it belongs to (itself, for a Patient)
 * @param securityLabels {@code system|code} each
 * @param consentKeys    the keys of those patients' Consent resources
 * @param defaultPermits the tenant's policy where no consent decides (opt-out: true)
 */
record ResourceFacts(long key, String type, String id, Set<String> patients, Set<String> securityLabels,
                     List<Long> consentKeys, boolean defaultPermits) {

    static ResourceFacts of(Object[] row) {
        String type = (String) row[1];
        String id = (String) row[2];
        Set<String> patients = words((String) row[3], " ");
        if ("Patient".equals(type)) {
            patients.add(id);
        }
        return new ResourceFacts(((Number) row[0]).longValue(), type, id, patients,
                words((String) row[4], ConsentStatements.LABEL_SEPARATOR),
                words((String) row[5], " ").stream().map(Long::valueOf).sorted().toList(),
                !"deny".equals(row[6]));
    }

    String typedId() {
        return type + "/" + id;
    }

    private static Set<String> words(String text, String separator) {
        return text == null || text.isEmpty() ? new HashSet<>()
                : Arrays.stream(text.split(separator)).filter(word -> !word.isEmpty())
                        .collect(Collectors.toCollection(HashSet::new));
    }
}
