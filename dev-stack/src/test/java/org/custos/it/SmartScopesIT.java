package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMART on FHIR scopes on top of roles, with real Keycloak tokens: the demo {@code smart-app} and the
 * {@code ehr-reporting} backend get only the scopes they ask for; patient-context tokens see only their patient's
 * compartment. The demo patient user {@code patient.general} is linked to {@code Patient/demo-patient-general}.
 */
@ExtendWith(RunningStack.class)
class SmartScopesIT {

    private static final String OWN_PATIENT = "demo-patient-general";
    private static final String APP = "smart-app";

    private static String otherPatient;
    private static String ownObservation;
    private static String otherObservation;
    private static Tokens.AppLogin patientLogin;
    private static Tokens.AppLogin clinicianLogin;
    private static Tokens.AppLogin nurseLogin;

    @BeforeAll
    static void createTwoPatientsWithAnObservationEach() throws Exception {
        String clinician = Tokens.staff("clinician.general");
        assertTrue(Fhir.put("/fhir/Patient/" + OWN_PATIENT, patient("Scopeown", OWN_PATIENT), clinician)
                .statusCode() / 100 == 2);
        otherPatient = Fhir.createdId(Fhir.post("/fhir/Patient", patient("Scopeother", null), clinician));
        ownObservation = Fhir.createdId(Fhir.post("/fhir/Observation", observation(OWN_PATIENT), clinician));
        otherObservation = Fhir.createdId(Fhir.post("/fhir/Observation", observation(otherPatient), clinician));
        patientLogin = Tokens.appLogin(APP, "patient.general", "launch/patient patient/*.read user/*.rs user/*.cruds");
        clinicianLogin = Tokens.appLogin(APP, "clinician.general",
                "user/Observation.rs user/*.read user/*.write user/*.rs user/*.cruds patient/*.rs");
        nurseLogin = Tokens.appLogin(APP, "nurse.general", "user/*.rs user/*.cruds");
    }

    @Test
    void patientAppReadsTheOwnRecordAndNothingElse() {
        String token = patientLogin.token("launch/patient patient/*.read");
        assertEquals(200, Fhir.get("/fhir/Patient/" + OWN_PATIENT, token).statusCode());
        assertEquals(200, Fhir.get("/fhir/Observation/" + ownObservation, token).statusCode());
        assertEquals(404, Fhir.get("/fhir/Patient/" + otherPatient, token).statusCode());
        HttpResponse<String> other = Fhir.get("/fhir/Observation/" + otherObservation, token);
        assertEquals(404, other.statusCode(), "as if it did not exist");
        assertTrue(other.body().contains("OperationOutcome"));
        assertEquals(404, Fhir.getWithHeaders("/fhir/Observation/" + otherObservation, token,
                "Accept", "application/fhir+xml").statusCode(), "the parsed path is confined too");
        assertEquals(404, Fhir.get("/fhir/Observation/" + otherObservation + "/_history/1", token).statusCode());
    }

    @Test
    void patientSearchesSeeOnlyTheCompartment() throws Exception {
        String token = patientLogin.token("launch/patient patient/*.read");
        List<String> observations = Fhir.entryIds(Fhir.get("/fhir/Observation?_count=200", token));
        assertTrue(observations.contains("Observation/" + ownObservation), observations.toString());
        assertFalse(observations.contains("Observation/" + otherObservation));
        assertEquals(List.of("Patient/" + OWN_PATIENT), Fhir.entryIds(Fhir.get("/fhir/Patient?_count=200", token)));
        assertEquals(List.of(), Fhir.entryIds(Fhir.get("/fhir/Observation?subject=Patient/" + otherPatient, token)));
        assertEquals(List.of(), Fhir.entryIds(Fhir.get("/fhir/Observation?_id=" + otherObservation, token)));
        List<String> withIncluded = Fhir.entryIds(Fhir.get("/fhir/Observation?_id=" + ownObservation
                + "&_include=Observation:subject", token));
        assertEquals(List.of("Observation/" + ownObservation, "Patient/" + OWN_PATIENT), withIncluded);
        List<String> revincluded = Fhir.entryIds(Fhir.get("/fhir/Patient?_revinclude=Observation:subject&_count=200", token));
        assertFalse(revincluded.contains("Observation/" + otherObservation), revincluded.toString());
        assertEquals(List.of(), Fhir.entryIds(Fhir.get("/fhir/Observation?subject.family=Scopeother", token)), "chain");
        assertEquals(List.of(), Fhir.entryIds(Fhir.get("/fhir/Patient?_has:Observation:subject:_id=" + otherObservation,
                token)), "_has");
    }

    @Test
    void patientHistoryAndEverythingStayInTheCompartment() throws Exception {
        String token = patientLogin.token("launch/patient patient/*.read");
        assertEquals(200, Fhir.get("/fhir/Observation/" + ownObservation + "/_history", token).statusCode());
        assertEquals(404, Fhir.get("/fhir/Observation/" + otherObservation + "/_history", token).statusCode());
        assertEquals(403, Fhir.get("/fhir/Observation/_history", token).statusCode());
        assertEquals(403, Fhir.get("/fhir/_history", token).statusCode());
        List<String> everything = Fhir.entryIds(Fhir.get("/fhir/Patient/" + OWN_PATIENT + "/$everything", token));
        assertTrue(everything.contains("Observation/" + ownObservation), everything.toString());
        assertFalse(everything.contains("Observation/" + otherObservation));
        assertEquals(404, Fhir.get("/fhir/Patient/" + otherPatient + "/$everything", token).statusCode());
    }

    @Test
    void aPatientWritesNothingAndExportsNothing() {
        String token = patientLogin.token("launch/patient user/*.cruds");
        assertEquals(403, Fhir.post("/fhir/Observation", observation(OWN_PATIENT), token).statusCode());
        assertEquals(403, Fhir.getWithHeaders("/fhir/$export", token, "Prefer", "respond-async").statusCode());
    }

    @Test
    void aPatientTokenWithoutThePatientInContextSeesNothing() {
        String token = patientLogin.token("user/*.rs");
        assertEquals(403, Fhir.get("/fhir/Patient/" + OWN_PATIENT, token).statusCode());
        assertEquals(403, Fhir.get("/fhir/Observation", token).statusCode());
    }

    @Test
    void aResourceScopeAllowsThatTypeOnly() {
        String token = clinicianLogin.token("user/Observation.rs");
        assertEquals(200, Fhir.get("/fhir/Observation/" + otherObservation, token).statusCode());
        assertEquals(200, Fhir.get("/fhir/Observation?subject=Patient/" + otherPatient, token).statusCode());
        HttpResponse<String> patient = Fhir.get("/fhir/Patient/" + otherPatient, token);
        assertEquals(403, patient.statusCode());
        assertTrue(patient.body().contains("scopes do not permit read on Patient"), patient.body());
        assertEquals(403, Fhir.post("/fhir/Observation", observation(otherPatient), token).statusCode());
        assertEquals(403, Fhir.get("/fhir/Patient/" + otherPatient + "/$everything", token).statusCode(),
                "$everything returns every type");
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation/" + otherObservation + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + otherPatient + "\"}}]}";
        HttpResponse<String> response = Fhir.post("/fhir", batch, token);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"status\":\"200 OK\"") && response.body().contains("\"status\":\"403"),
                "each bundle entry passes the same check: " + response.body());
    }

    @Test
    void v1ReadAndWriteScopesSplitReadingFromWriting() {
        String read = clinicianLogin.token("user/*.read");
        assertEquals(200, Fhir.get("/fhir/Patient/" + otherPatient, read).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient?family=Scopeother", read).statusCode());
        assertEquals(403, Fhir.post("/fhir/Observation", observation(otherPatient), read).statusCode());
        String write = clinicianLogin.token("user/*.write");
        assertEquals(201, Fhir.post("/fhir/Observation", observation(otherPatient), write).statusCode());
        assertEquals(403, Fhir.get("/fhir/Patient/" + otherPatient, write).statusCode());
    }

    @Test
    void staffWithPatientScopesButNoPatientInContextSeeNothing() {
        String token = clinicianLogin.token("patient/*.rs");
        HttpResponse<String> response = Fhir.get("/fhir/Observation/" + ownObservation, token);
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("launch/patient"), response.body());
    }

    @Test
    void aBackendGetsOnlyTheSystemScopesItAskedFor() {
        String patientsOnly = Tokens.clientWithScope("ehr-reporting", "system/Patient.rs");
        assertEquals(200, Fhir.get("/fhir/Patient?family=Scopeother", patientsOnly).statusCode());
        assertEquals(403, Fhir.get("/fhir/Observation/" + otherObservation, patientsOnly).statusCode());
        assertEquals(403, Fhir.post("/fhir/Patient", patient("Scopebackend", null), patientsOnly).statusCode());
        assertEquals(403, Fhir.getWithHeaders("/fhir/$export", patientsOnly, "Prefer", "respond-async")
                .statusCode(), "an export of every type needs a scope for every type");
        assertEquals(202, Fhir.getWithHeaders("/fhir/$export?_type=Patient", patientsOnly, "Prefer",
                "respond-async").statusCode());
        String v1 = Tokens.clientWithScope("ehr-reporting", "system/*.read");
        assertEquals(200, Fhir.get("/fhir/Observation/" + otherObservation, v1).statusCode());
        assertEquals(403, Fhir.post("/fhir/Patient", patient("Scopebackend", null), v1).statusCode());
    }

    /** Scope × role: an interaction happens only when both the token's scopes and the user's role allow it. */
    @Test
    void scopeTimesRoleMatrix() {
        record Cell(String who, Tokens.AppLogin login, String scope, int read, int create) {
        }
        String launch = "launch/patient ";
        List<Cell> cells = List.of(
                new Cell("clinician", clinicianLogin, "user/*.rs", 200, 403),
                new Cell("clinician", clinicianLogin, "user/*.cruds", 200, 201),
                new Cell("nurse", nurseLogin, "user/*.rs", 200, 403),
                new Cell("nurse", nurseLogin, "user/*.cruds", 200, 403),
                new Cell("patient", patientLogin, launch + "user/*.rs", 200, 403),
                new Cell("patient", patientLogin, launch + "user/*.cruds", 200, 403));
        List<String> mismatches = new ArrayList<>();
        for (Cell cell : cells) {
            String token = cell.login().token(cell.scope());
            int read = Fhir.get("/fhir/Patient/" + OWN_PATIENT, token).statusCode();
            int create = Fhir.post("/fhir/Observation", observation(OWN_PATIENT), token).statusCode();
            if (read != cell.read() || create != cell.create()) {
                mismatches.add(cell.who() + " with " + cell.scope() + ": read " + read + ", create " + create);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static String patient(String family, String id) {
        return "{\"resourceType\":\"Patient\"," + (id == null ? "" : "\"id\":\"" + id + "\",")
                + "\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private static String observation(String patientId) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                + "\"http://loinc.org\",\"code\":\"8867-4\"}]},\"subject\":{\"reference\":\"Patient/" + patientId
                + "\"},\"valueQuantity\":{\"value\":72,\"unit\":\"/min\"}}";
    }
}
