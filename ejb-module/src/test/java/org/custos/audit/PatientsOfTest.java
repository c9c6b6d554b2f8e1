package org.custos.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.Set;

import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.StoredJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

class PatientsOfTest {

    private static final String OBSERVATION = """
            {"resourceType": "Observation", "id": "o1", "status": "final",
             "code": {"text": "heart rate"},
             "subject": {"reference": "Patient/p1"},
             "performer": [{"reference": "Practitioner/d1"}, {"reference": "https://other.example/fhir/Patient/p2"}],
             "hasMember": [{"reference": "Observation/o2"}]}""";

    @Test
    void aStoredResourcesPatientsAreReadFromItsTextAsFromItsStructure() {
        IBaseResource parsed = parse(OBSERVATION);
        IBaseResource stored = parse(OBSERVATION);
        stored.setUserData(StoredJson.PARSED_FROM, OBSERVATION);
        assertEquals(Set.of("p1", "p2"), patientsOf(parsed));
        assertEquals(patientsOf(parsed), patientsOf(stored));
    }

    @Test
    void aPatientIsAboutItself() {
        String patient = "{\"resourceType\": \"Patient\", \"id\": \"p3\", \"link\": [{\"other\": {\"reference\":"
                + " \"Patient/p4\"}, \"type\": \"seealso\"}]}";
        IBaseResource stored = parse(patient);
        stored.setUserData(StoredJson.PARSED_FROM, patient);
        assertEquals(Set.of("p3", "p4"), patientsOf(parse(patient)));
        assertEquals(Set.of("p3", "p4"), patientsOf(stored));
    }

    private static IBaseResource parse(String json) {
        return FhirContexts.r4().newJsonParser().parseResource(json);
    }

    private static Set<String> patientsOf(IBaseResource resource) {
        Set<String> patients = new LinkedHashSet<>();
        PatientsOf.addFrom(resource, patients);
        return patients;
    }
}
