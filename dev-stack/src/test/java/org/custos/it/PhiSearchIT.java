package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Patient names, addresses, telecom, identifiers and birth dates are searched through blind indexes. The same searches are run
 * both ways: on the server (blind indexes) and as plain FHIR string/token matching over the same patients in this
 * test, and must give the same patients. The index tables hold none of the plain values.
 */
@ExtendWith(RunningStack.class)
class PhiSearchIT {

    private static final String S = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final Map<String, Patient> PATIENTS = new LinkedHashMap<>();
    private static IGenericClient fhir;
    private static String observationId;

    private static Patient patient(String family, String given, String mrnSystem, String mrn, String phone, String email,
                                   String line, String city, String postalCode) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        patient.addIdentifier().setSystem(mrnSystem).setValue(mrn);
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email);
        patient.addAddress().addLine(line).setCity(city).setPostalCode(postalCode);
        return patient;
    }

    @BeforeAll
    static void createPatients() {
        fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        List<Patient> patients = List.of(
                patient("Müller" + S, "Anna", "urn:mrn", "MRN-1" + S, "555-0101" + S, "anna" + S + "@example.org",
                        "12 Elm Street", "Springfield" + S, "01101"),
                patient("Mueller" + S, "Bob", "urn:mrn", "MRN-2" + S, "555-0102" + S, "bob" + S + "@example.org",
                        "7 Oak Avenue", "Shelbyville" + S, "02202"),
                patient("Miller" + S, "Annabel", "urn:other", "MRN-1" + S, "555-0103" + S, "annabel" + S + "@example.org",
                        "12 Elmwood Road", "Springfield" + S, "01109"));
        List<String> birthDates = List.of("1970-05-03", "1970-12", "1985");
        for (int i = 0; i < patients.size(); i++) {
            patients.get(i).setBirthDateElement(new DateType(birthDates.get(i)));
        }
        for (Patient patient : patients) {
            PATIENTS.put(fhir.create().resource(patient).execute().getId().getIdPart(), patient);
        }
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation.setSubject(new Reference("Patient/" + PATIENTS.keySet().iterator().next()));
        observationId = fhir.create().resource(observation).execute().getId().getIdPart();
    }

    /** FHIR's string match, in plain: starts with, ignoring case and accents. */
    private static String normalized(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static Predicate<Patient> startsWith(String query, java.util.function.Function<Patient, List<String>> values) {
        return patient -> values.apply(patient).stream().anyMatch(v -> normalized(v).startsWith(normalized(query)));
    }

    private static List<String> families(Patient p) {
        return List.of(p.getNameFirstRep().getFamily());
    }

    private static List<String> names(Patient p) {
        List<String> all = new ArrayList<>(families(p));
        p.getNameFirstRep().getGiven().forEach(given -> all.add(given.getValue()));
        return all;
    }

    private static List<String> addressParts(Patient p) {
        List<String> all = new ArrayList<>();
        p.getAddressFirstRep().getLine().forEach(line -> all.add(line.getValue()));
        all.add(p.getAddressFirstRep().getCity());
        all.add(p.getAddressFirstRep().getPostalCode());
        return all;
    }

    /** The patients of this test the server finds, and the ones plain matching finds, must be the same. */
    private static void sameBothWays(String search, Predicate<Patient> plain) {
        Set<String> expected = new TreeSet<>();
        PATIENTS.forEach((id, patient) -> {
            if (plain.test(patient)) {
                expected.add(id);
            }
        });
        Set<String> found = new TreeSet<>();
        Bundle page = fhir.search().byUrl("Patient?" + search + "&_count=500").returnBundle(Bundle.class).execute();
        page.getEntry().forEach(entry -> found.add(entry.getResource().getIdElement().getIdPart()));
        found.retainAll(PATIENTS.keySet());
        assertEquals(expected, found, search);
    }

    @Test
    void stringSearchesFindTheSamePatientsAsPlainMatching() {
        for (String query : List.of("m", "mu", "mül", "MÜLLER" + S, "mueller" + S, "muller" + S.substring(0, 3),
                "miller" + S + "x")) {
            sameBothWays("family=" + URLEncoder.encode(query, StandardCharsets.UTF_8), startsWith(query, PhiSearchIT::families));
        }
        for (String query : List.of("anna", "an", "bob", "müller" + S)) {
            sameBothWays("name=" + URLEncoder.encode(query, StandardCharsets.UTF_8), startsWith(query, PhiSearchIT::names));
        }
        sameBothWays("given=annab", startsWith("annab", p -> List.of(p.getNameFirstRep().getGivenAsSingleString())));
        sameBothWays("family:exact=" + URLEncoder.encode("Müller" + S, StandardCharsets.UTF_8),
                p -> families(p).contains("Müller" + S));
        sameBothWays("family:exact=" + URLEncoder.encode("müller" + S, StandardCharsets.UTF_8),
                p -> families(p).contains("müller" + S));
        for (String query : List.of("12 elm", "springfield" + S, "011", "7 oak avenue")) {
            sameBothWays("address=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
                    startsWith(query, PhiSearchIT::addressParts));
        }
        sameBothWays("address-city=springfield" + S, startsWith("springfield" + S,
                p -> List.of(p.getAddressFirstRep().getCity())));
        sameBothWays("address-postalcode=0110", startsWith("0110", p -> List.of(p.getAddressFirstRep().getPostalCode())));
    }

    @Test
    void tokenSearchesFindTheSamePatientsAsPlainMatching() {
        sameBothWays("identifier=MRN-1" + S, p -> p.getIdentifierFirstRep().getValue().equals("MRN-1" + S));
        sameBothWays("identifier=urn:mrn|MRN-1" + S, p -> p.getIdentifierFirstRep().getSystem().equals("urn:mrn")
                && p.getIdentifierFirstRep().getValue().equals("MRN-1" + S));
        sameBothWays("identifier=urn:other|&family=m", p -> p.getIdentifierFirstRep().getSystem().equals("urn:other"));
        sameBothWays("identifier:not=MRN-1" + S + "&family=m", p -> !p.getIdentifierFirstRep().getValue().equals("MRN-1" + S));
        sameBothWays("phone=555-0102" + S, p -> p.getTelecomFirstRep().getValue().equals("555-0102" + S));
        sameBothWays("telecom=555-0101" + S, p -> p.getTelecomFirstRep().getValue().equals("555-0101" + S));
        sameBothWays("email=annabel" + S + "@example.org", p -> p.getTelecom().get(1).getValue().equals("annabel" + S + "@example.org"));
        sameBothWays("family:missing=false&family=m", startsWith("m", PhiSearchIT::families));
    }

    /** A date as the range of days its precision covers: [first day, day after the last). */
    private static LocalDate[] range(String date) {
        LocalDate first = LocalDate.parse(date.length() == 4 ? date + "-01-01" : date.length() == 7 ? date + "-01" : date);
        LocalDate end = date.length() == 4 ? first.plusYears(1) : date.length() == 7 ? first.plusMonths(1) : first.plusDays(1);
        return new LocalDate[] {first, end};
    }

    /** FHIR's date comparison of a stored and a searched range, written out plainly for the comparison. */
    private static boolean plainDateMatch(String prefix, String searched, String stored) {
        LocalDate[] q = range(searched);
        LocalDate[] v = range(stored);
        boolean within = !v[0].isBefore(q[0]) && !v[1].isAfter(q[1]);
        return switch (prefix) {
            case "eq" -> within;
            case "ne" -> !within;
            case "gt" -> v[1].isAfter(q[1]);
            case "lt" -> v[0].isBefore(q[0]);
            case "ge" -> v[1].isAfter(q[0]);
            case "le" -> v[0].isBefore(q[1]);
            case "sa" -> !v[0].isBefore(q[1]);
            case "eb" -> !v[1].isAfter(q[0]);
            default -> throw new IllegalArgumentException(prefix);
        };
    }

    @Test
    void birthDateSearchesFindTheSamePatientsAsPlainDateComparison() {
        for (String prefix : List.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")) {
            for (String value : List.of("1970", "1970-05", "1970-05-03", "1970-05-04", "1970-12", "1970-12-31", "1985",
                    "1985-06-30", "1969-12-31")) {
                sameBothWays("birthdate=" + prefix + value + "&family=m",
                        p -> plainDateMatch(prefix, value, p.getBirthDateElement().getValueAsString()));
            }
        }
        assertEquals(400, Fhir.get("/fhir/Patient?birthdate=ge1970-05-03T10:00:00Z", Tokens.client("ehr-system"))
                .statusCode(), "finer than a day is refused on an encrypted date");
        assertEquals(400, Fhir.get("/fhir/Patient?_sort=birthdate", Tokens.client("ehr-system")).statusCode());
    }

    @Test
    void chainsAndReverseChainsGoThroughTheBlindIndexes() {
        Bundle chained = fhir.search().byUrl("Observation?subject:Patient.family="
                + URLEncoder.encode("müller" + S, StandardCharsets.UTF_8)).returnBundle(Bundle.class).execute();
        assertEquals(List.of(observationId), chained.getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart()).toList());
        sameBothWays("_has:Observation:patient:code=8867-4&family=m" + S.substring(0, 0),
                p -> families(p).contains("Müller" + S));
    }

    @Test
    void substringSearchAndSortingOnEncryptedParametersAreRefusedClearly() {
        HttpResponse<String> contains = Fhir.get("/fhir/Patient?family:contains=ller", Tokens.client("ehr-system"));
        assertEquals(400, contains.statusCode());
        assertTrue(contains.body().contains("stored encrypted"), contains.body());
        assertEquals(400, Fhir.get("/fhir/Patient?_sort=family", Tokens.client("ehr-system")).statusCode());
    }

    @Test
    void indexTablesHoldNoPlainNameAddressTelecomOrIdentifier() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection db = StackDatabase.superuser();
             PreparedStatement rows = db.prepareStatement(
                     "SELECT s.value_normalized || ' ' || s.value_exact FROM fhir_search_string s JOIN fhir_resource r"
                     + " ON r.pk = s.resource_pk WHERE r.resource_id = ANY (?)"
                     + " UNION ALL SELECT coalesce(t.token_system, '') || ' ' || t.token_value FROM fhir_search_token t"
                     + " JOIN fhir_resource r ON r.pk = t.resource_pk WHERE r.resource_id = ANY (?)"
                     + " UNION ALL SELECT to_char(d.low_value AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' '"
                     + " || to_char(d.high_value AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM fhir_search_date d"
                     + " JOIN fhir_resource r ON r.pk = d.resource_pk WHERE r.resource_id = ANY (?)")) {
            java.sql.Array ids = db.createArrayOf("varchar", PATIENTS.keySet().toArray());
            rows.setArray(1, ids);
            rows.setArray(2, ids);
            rows.setArray(3, ids);
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    found.add(result.getString(1));
                }
            }
        }
        assertFalse(found.isEmpty());
        for (String row : found) {
            // Whole values (short fragments would also turn up by chance inside base64 hashes).
            for (String plain : List.of(S, "müller", "mueller", "annabel", "12 elm street", "7 oak avenue",
                    "springfield", "555-010", "mrn-1", "example.org", "1970-05-03", "1970-12-01")) {
                assertFalse(row.toLowerCase(Locale.ROOT).contains(plain), "plain value in an index row: " + plain);
            }
        }
    }
}
