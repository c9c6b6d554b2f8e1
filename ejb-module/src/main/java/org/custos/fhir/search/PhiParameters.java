package org.custos.fhir.search;

import java.util.Set;

/**
 * Which search parameters index PHI, and are therefore stored and searched as blind indexes: the names,
 * addresses, telecom, identifiers and birth and death dates of the people a record is about (Patient, RelatedPerson, Person), and
 * identifiers on every type (record, account and claim numbers identify patients too). Staff and organization
 * directories (Practitioner, Organization, Location) stay searchable in full, including sorting and
 * {@code :contains}.
 */
final class PhiParameters {

    private static final Set<String> PEOPLE = Set.of("Patient", "RelatedPerson", "Person");

    private static final Set<String> OF_PEOPLE = Set.of("name", "family", "given", "phonetic", "address",
            "address-city", "address-state", "address-postalcode", "address-country", "telecom", "phone", "email",
            "identifier", "birthdate", "death-date");

    private PhiParameters() {
    }

    /**
     * @param indexedName the parameter as the index names its rows, possibly with {@code :text} or {@code :of-type}
     */
    static boolean isPhi(String resourceType, String indexedName) {
        int colon = indexedName.indexOf(':');
        String param = colon < 0 ? indexedName : indexedName.substring(0, colon);
        return "identifier".equals(param) || PEOPLE.contains(resourceType) && OF_PEOPLE.contains(param);
    }
}
