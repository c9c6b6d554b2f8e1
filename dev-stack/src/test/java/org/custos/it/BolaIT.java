package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Broken object-level authorization, tried on every path: tenant B (Riverside's EHR) goes after tenant A's (General
 * Hospital's) patient and observations by read, vread, history, search, chain, _has, include, revinclude,
 * $everything, $export, bundle entries, conditional and plain writes, and the admin API. Each side also holds a
 * reference to the other side's ids, so a missing tenant filter on a join would show. Every answer B gets is
 * scanned for A's markers: 0 leaks.
 */
@ExtendWith(RunningStack.class)
class BolaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALPHA_FAMILY = "Alphabola" + RUN;
    private static final String ALPHA_IDENTIFIER = "urn:bola|alpha-" + RUN;
    private static final String ALPHA_IDENTIFIER_IN_URL = ALPHA_IDENTIFIER.replace("|", "%7C");
    private static final String ALPHA_CODE = "alpha-obs-" + RUN;
    private static final String ALPHA_CROSS_CODE = "alpha-cross-" + RUN;

    private static String alphaPatient;
    private static String alphaObservation;
    private static String alphaCrossObservation;
    private static String betaPatient;
    private static String betaCrossObservation;
    private static final List<String> ANSWERS_TO_BETA = new ArrayList<>();

    @BeforeAll
    static void twoTenantsEachWithAPatientAndObservationsReferringAcross() throws Exception {
        String alpha = Tokens.client("ehr-system");
        String beta = Tokens.client("ehr-system-b");
        alphaPatient = Fhir.createdId(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                + "\"urn:bola\",\"value\":\"alpha-" + RUN + "\"}],\"name\":[{\"family\":\"" + ALPHA_FAMILY + "\"}]}",
                alpha));
        betaPatient = Fhir.createdId(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":"
                + "\"Betabola" + RUN + "\"}]}", beta));
        alphaObservation = Fhir.createdId(Fhir.post("/fhir/Observation", observation(alphaPatient, ALPHA_CODE), alpha));
        alphaCrossObservation = Fhir.createdId(Fhir.post("/fhir/Observation", observation(betaPatient, ALPHA_CROSS_CODE),
                alpha));
        Fhir.createdId(Fhir.post("/fhir/Observation", observation(betaPatient, "beta-obs-" + RUN), beta));
        betaCrossObservation = Fhir.createdId(Fhir.post("/fhir/Observation", observation(alphaPatient, "beta-cross-" + RUN),
                beta));
    }

    @Test
    void readVreadHistoryAndEverythingOfAnotherTenantsResourcesAre404() {
        for (String path : List.of("/fhir/Patient/" + alphaPatient, "/fhir/Patient/" + alphaPatient + "/_history/1",
                "/fhir/Patient/" + alphaPatient + "/_history", "/fhir/Observation/" + alphaObservation,
                "/fhir/Patient/" + alphaPatient + "/$everything")) {
            assertEquals(404, beta(path).statusCode(), path);
        }
        assertEquals(404, Fhir.getWithHeaders("/fhir/Patient/" + alphaPatient, Tokens.client("ehr-system-b"),
                "Accept", "application/fhir+xml").statusCode());
    }

    @Test
    void anAttemptOnAnotherTenantsResourceIsRecordedAsSuch() throws Exception {
        String run = "bola-" + RUN + "-" + UUID.randomUUID().toString().substring(0, 4);
        String beta = Tokens.client("ehr-system-b");
        assertEquals(404, Fhir.getWithHeaders("/fhir/Patient/" + alphaPatient, beta, "X-Request-Id", run).statusCode());
        assertEquals(404, Fhir.getWithHeaders("/fhir/Patient/nobody-" + RUN, beta, "X-Request-Id", run + "-none")
                .statusCode());
        Map<String, Object> attempt = AuditRecords.of(run).get(0);
        assertTrue(String.valueOf(attempt.get("reason")).startsWith("cross-tenant"), attempt.toString());
        assertEquals("riverside-clinic", attempt.get("tenant_id"));
        assertFalse(String.valueOf(AuditRecords.of(run + "-none").get(0).get("reason")).startsWith("cross-tenant"));
    }

    @Test
    void noSearchReachesAcross() throws Exception {
        for (String path : List.of("/fhir/Patient?_id=" + alphaPatient, "/fhir/Patient?family=" + ALPHA_FAMILY,
                "/fhir/Patient?identifier=" + ALPHA_IDENTIFIER_IN_URL, "/fhir/Observation?code=" + ALPHA_CODE,
                "/fhir/Observation?subject.family=" + ALPHA_FAMILY,
                "/fhir/Patient?_has:Observation:subject:code=" + ALPHA_CROSS_CODE,
                "/fhir/Observation?_id=" + alphaObservation + "," + alphaCrossObservation)) {
            assertEquals(List.of(), Fhir.entryIds(beta(path)), path);
        }
        assertEquals(List.of("Observation/" + betaCrossObservation),
                Fhir.entryIds(beta("/fhir/Observation?subject=Patient/" + alphaPatient)), "only B's own reference to that id");
        assertEquals(List.of("Observation/" + betaCrossObservation),
                Fhir.entryIds(beta("/fhir/Observation?_id=" + betaCrossObservation + "&_include=Observation:subject")),
                "A's patient is not included through B's reference to its id");
        List<String> revincluded = Fhir.entryIds(beta("/fhir/Patient?_id=" + betaPatient + "&_revinclude=Observation:subject"));
        assertFalse(revincluded.contains("Observation/" + alphaCrossObservation), revincluded.toString());
        List<String> everything = Fhir.entryIds(beta("/fhir/Patient/" + betaPatient + "/$everything"));
        assertFalse(everything.contains("Observation/" + alphaCrossObservation), everything.toString());
        for (String history : List.of("/fhir/Observation/_history?_count=200", "/fhir/_history?_count=200")) {
            assertEquals(200, beta(history).statusCode(), history);
        }
    }

    @Test
    void writesAndBundleEntriesCannotTouchAnotherTenantsResources() throws Exception {
        assertEquals(404, Fhir.deleteUrl(RunningStack.settings().appUrl() + "/fhir/Observation/" + alphaObservation,
                Tokens.client("ehr-system-b")).statusCode());
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + alphaPatient + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?code=" + ALPHA_CODE + "\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Observation/" + alphaCrossObservation + "\"}},"
                + "{\"request\":{\"method\":\"DELETE\",\"url\":\"Patient?identifier=" + ALPHA_IDENTIFIER + "\"}}]}";
        HttpResponse<String> answered = record(Fhir.post("/fhir", batch, Tokens.client("ehr-system-b")));
        assertEquals(200, answered.statusCode(), answered.body());
        JsonNode entries = JSON.readTree(answered.body()).get("entry");
        assertTrue(entries.get(0).get("response").get("status").asText().startsWith("404"), answered.body());
        assertEquals(0, entries.get(1).get("resource").get("total").asInt(), answered.body());
        assertTrue(entries.get(2).get("response").get("status").asText().startsWith("404"), answered.body());

        HttpResponse<String> conditional = record(Fhir.put("/fhir/Patient?identifier=" + ALPHA_IDENTIFIER_IN_URL,
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Overwritten\"}]}", Tokens.client("ehr-system-b")));
        assertEquals(201, conditional.statusCode(), "no match in B's tenant: created there " + conditional.body());

        String alpha = Tokens.client("ehr-system");
        JsonNode patient = JSON.readTree(Fhir.get("/fhir/Patient/" + alphaPatient, alpha).body());
        assertEquals("1", patient.get("meta").get("versionId").asText(), "A's patient was never touched");
        assertEquals(ALPHA_FAMILY, patient.get("name").get(0).get("family").asText());
        assertEquals(200, Fhir.get("/fhir/Observation/" + alphaObservation, alpha).statusCode());
        assertEquals(200, Fhir.get("/fhir/Observation/" + alphaCrossObservation, alpha).statusCode());
    }

    @Test
    void anExportHoldsOnlyTheExportersTenant() throws Exception {
        String beta = Tokens.client("ehr-system-b");
        JsonNode manifest = BulkExports.awaitManifest(BulkExports.kickOff("/fhir/$export?_type=Patient,Observation",
                beta), beta);
        List<String> exported = new ArrayList<>();
        for (String type : List.of("Patient", "Observation")) {
            for (Resource resource : BulkExports.download(manifest, type, beta)) {
                exported.add(type + "/" + resource.getIdElement().getIdPart());
            }
        }
        assertTrue(exported.contains("Patient/" + betaPatient), exported.size() + " exported");
        for (String alphaResource : List.of("Patient/" + alphaPatient, "Observation/" + alphaObservation,
                "Observation/" + alphaCrossObservation)) {
            assertFalse(exported.contains(alphaResource), alphaResource);
        }
        HttpResponse<String> theirFile = Fhir.getUrl(manifest.get("output").get(0).get("url").asText(),
                Tokens.client("ehr-system"));
        assertEquals(404, theirFile.statusCode(), "nor can A download B's export file");
    }

    @Test
    void theAdminApiNeverReachesAcross() throws Exception {
        String riverside = Tokens.staff("admin.riverside");
        List<String[]> calls = List.of(new String[] {"GET", "/users/admin.general/sessions"},
                new String[] {"GET", "/users/clinician.general/sign-in-status"},
                new String[] {"POST", "/users/clinician.general/disable"},
                new String[] {"POST", "/users/clinician.general/reset-password"},
                new String[] {"POST", "/clients/ehr-system/secret"},
                new String[] {"GET", "/tenants/general-hospital"});
        for (String[] call : calls) {
            HttpResponse<String> response = record(AdminCalls.call(call[0], call[1], null, riverside));
            assertEquals(404, response.statusCode(), call[0] + " " + call[1]);
        }
        assertEquals(200, Fhir.get("/api/admin/me", Tokens.staff("clinician.general")).statusCode(),
                "the account was not disabled");
    }

    /**
     * The scan: every resource B was given (entries of bundles, at any depth) must carry none of A's markers; error
     * answers (OperationOutcome, problem JSON) may echo the ids B itself asked for, but no other marker of A's.
     */
    @Test
    void noAnswerToTheOtherTenantCarriesAnythingOfA() throws Exception {
        noSearchReachesAcross();
        readVreadHistoryAndEverythingOfAnotherTenantsResourcesAre404();
        List<String> contentMarkers = List.of(ALPHA_FAMILY, ALPHA_CODE, ALPHA_CROSS_CODE, "alpha-" + RUN);
        List<String> idMarkers = List.of(alphaObservation, alphaCrossObservation);
        List<String> leaks = new ArrayList<>();
        int resourcesScanned = 0;
        synchronized (ANSWERS_TO_BETA) {
            for (String body : ANSWERS_TO_BETA) {
                List<String> resources = new ArrayList<>();
                collectResources(JSON.readTree(body), resources);
                resourcesScanned += resources.size();
                for (String resource : resources) {
                    contentMarkers.stream().filter(resource::contains).forEach(leaks::add);
                    idMarkers.stream().filter(resource::contains).forEach(leaks::add);
                }
                if (!body.contains("\"resourceType\":\"Bundle\"") && resources.isEmpty()) {
                    contentMarkers.stream().filter(marker -> !marker.startsWith("alpha-") && body.contains(marker))
                            .forEach(leaks::add);
                }
            }
        }
        assertTrue(ANSWERS_TO_BETA.size() >= 15 && resourcesScanned > 0,
                "answers scanned: " + ANSWERS_TO_BETA.size() + ", resources: " + resourcesScanned);
        assertEquals(List.of(), leaks);
    }

    /** The resources in an answer (a bundle's entries, nested bundles' too), without links, which echo the query. */
    private static void collectResources(JsonNode node, List<String> resources) {
        if (!"Bundle".equals(node.path("resourceType").asText())) {
            if (node.has("resourceType") && !"OperationOutcome".equals(node.path("resourceType").asText())) {
                resources.add(node.toString());
            }
            return;
        }
        for (JsonNode entry : node.path("entry")) {
            if (entry.has("resource")) {
                collectResources(entry.get("resource"), resources);
            }
        }
    }

    private static HttpResponse<String> beta(String path) {
        return record(Fhir.get(path, Tokens.client("ehr-system-b")));
    }

    private static HttpResponse<String> record(HttpResponse<String> response) {
        synchronized (ANSWERS_TO_BETA) {
            ANSWERS_TO_BETA.add(response.body());
        }
        return response;
    }

    private static String observation(String patientId, String code) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                + "\"urn:bola\",\"code\":\"" + code + "\"}]},\"subject\":{\"reference\":\"Patient/" + patientId + "\"}}";
    }
}
