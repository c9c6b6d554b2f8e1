package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;

/**
 * Consent on every path that returns patient data, on a tenant of the test's own: one patient per provision, each
 * with an Observation, read by clinicians, a nurse and an EHR system. The matrix: paths (read, vread, history, search
 * with paging and totals, include, revinclude, chain, {@code _has}, type history, {@code $everything}, bulk
 * {@code $export}, batch) × provisions (deny all, deny one practitioner, deny a care team, deny a role, deny one
 * purpose, deny one class, deny one security label, expired permit, nested exception, revoked consent, tenant default
 * opt-out and opt-in). No hidden resource's id ever appears in a response, and no count includes it.
 */
@ExtendWith(RunningStack.class)
class ConsentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Consent-Probe-Staff-9!";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String CODES = "urn:consent-it:" + RUN;
    private static final String PSY = "http://terminology.hl7.org/CodeSystem/v3-ActCode|PSY";

    /** One patient per provision under test. */
    enum Case { ALL, ACTOR, TEAM, ORGANIZATION, ROLE, PURPOSE, CLASS, LABEL, EXPIRED_PERMIT, NESTED, REVOKED, CORRECT,
        PERMIT, OPEN }

    private static final Map<Case, String> PATIENT = new EnumMap<>(Case.class);
    private static final Map<Case, String> OBSERVATION = new EnumMap<>(Case.class);
    private static final Map<Case, String> CONSENT = new EnumMap<>(Case.class);
    private static String labelledObservation;
    private static String deletedObservation;
    private static String tenant;
    private static String clinicianA;
    private static String clinicianB;
    private static String nurse;
    private static String privacyOfficer;
    private static String ehrSystem;
    private static Instant started;

    @BeforeAll
    static void aTenantWithOnePatientPerProvision() throws Exception {
        started = Instant.now().minusSeconds(1);
        tenant = "consent-" + RUN;
        assertEquals(201, call("POST", "/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Consent Probe\"}", platform())
                .statusCode());
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            for (String[] staff : new String[][] {{"b", "clinician"}, {"nurse", "nurse"},
                    {"privacy", "privacy-officer"}, {"admin", "admin"}}) {
                KeycloakAdmin.createStaff(KeycloakAdmin.hospital(keycloak), staff[0] + "." + tenant, PASSWORD,
                        "/" + tenant, staff[1], "totp-" + staff[0] + "." + tenant);
            }
        }
        clinicianB = login("b." + tenant);
        String practitionerA = created("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"A\"}]}");
        String careTeam = created("CareTeam", "{\"resourceType\":\"CareTeam\",\"participant\":[{\"member\":"
                + "{\"reference\":\"Practitioner/" + practitionerA + "\"}}]}");
        String ward = created("Organization", "{\"resourceType\":\"Organization\",\"name\":\"Ward 7\"}");
        created("PractitionerRole", "{\"resourceType\":\"PractitionerRole\",\"practitioner\":{\"reference\":"
                + "\"Practitioner/" + practitionerA + "\"},\"organization\":{\"reference\":\"Organization/" + ward + "\"}}");
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            KeycloakAdmin.createStaff(KeycloakAdmin.hospital(keycloak), "a." + tenant, PASSWORD, "/" + tenant,
                    "clinician", "totp-a." + tenant, Map.of("fhir_user", List.of("Practitioner/" + practitionerA)));
        }
        clinicianA = login("a." + tenant);
        nurse = login("nurse." + tenant);
        privacyOfficer = login("privacy." + tenant);
        ehrSystem = ehrClient(login("admin." + tenant));

        for (Case c : Case.values()) {
            PATIENT.put(c, created("Patient", "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + CODES
                    + "\",\"value\":\"" + c + "\"}],\"name\":[{\"family\":\"Consentprobe\"}]}"));
            OBSERVATION.put(c, created("Observation", observation(c, "")));
        }
        labelledObservation = created("Observation", observation(Case.LABEL,
                ",\"meta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"PSY\"}]}"));
        // The visible Observation of LABEL groups the labelled one: an include must not bring it along.
        assertEquals(200, Fhir.put("/fhir/Observation/" + OBSERVATION.get(Case.LABEL), observation(Case.LABEL,
                ",\"id\":\"" + OBSERVATION.get(Case.LABEL) + "\",\"hasMember\":[{\"reference\":\"Observation/"
                        + labelledObservation + "\"}]"), clinicianB).statusCode());
        deletedObservation = created("Observation", observation(Case.ALL, ""));
        int deleted = Fhir.deleteUrl(RunningStack.fhirBase() + "/Observation/" + deletedObservation, clinicianB)
                .statusCode();
        assertTrue(deleted == 200 || deleted == 204, "deleted: " + deleted);

        consent(Case.ALL, "{\"type\":\"deny\"}");
        consent(Case.ACTOR, "{\"type\":\"deny\",\"actor\":[" + actor("Practitioner/" + practitionerA) + "]}");
        consent(Case.TEAM, "{\"type\":\"deny\",\"actor\":[" + actor("CareTeam/" + careTeam) + "]}");
        consent(Case.ORGANIZATION, "{\"type\":\"deny\",\"actor\":[" + actor("Organization/" + ward) + "]}");
        consent(Case.CORRECT, "{\"type\":\"deny\",\"action\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"correct\"}]}]}");
        consent(Case.ROLE, "{\"type\":\"deny\",\"actor\":[{\"role\":{\"coding\":[{\"system\":\"urn:custos:role\","
                + "\"code\":\"nurse\"}]},\"reference\":{\"display\":\"every nurse\"}}]}");
        consent(Case.PURPOSE, "{\"type\":\"deny\",\"purpose\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"HRESCH\"}]}");
        consent(Case.CLASS, "{\"type\":\"deny\",\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\","
                + "\"code\":\"Observation\"}]}");
        consent(Case.LABEL, "{\"type\":\"deny\",\"securityLabel\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"PSY\"}]}");
        consent(Case.EXPIRED_PERMIT, "{\"type\":\"permit\",\"period\":{\"start\":\"2020-01-01\",\"end\":\"2021-01-01\"}}");
        consent(Case.NESTED, "{\"type\":\"deny\",\"provision\":[{\"type\":\"permit\",\"actor\":["
                + actor("Practitioner/" + practitionerA) + "]}]}");
        consent(Case.REVOKED, "{\"type\":\"deny\"}");
        consent(Case.PERMIT, "{\"type\":\"permit\"}");

        assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.REVOKED), clinicianA).statusCode());
        HttpResponse<String> revoked = call("POST", "/consents/" + CONSENT.get(Case.REVOKED) + "/revoke", null,
                privacyOfficer);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("inactive", JSON.readTree(revoked.body()).get("status").asText());
    }

    // ---- who sees what (opt-out tenant) ----

    /** What clinician A (Practitioner A, in the care team and the ward; purpose TREAT) may not see. */
    private static Set<String> hiddenFromClinicianA() {
        Set<String> hidden = ids(PATIENT, Case.ALL, Case.ACTOR, Case.TEAM, Case.ORGANIZATION);
        hidden.addAll(ids(OBSERVATION, Case.ALL, Case.ACTOR, Case.TEAM, Case.ORGANIZATION, Case.CLASS));
        hidden.add(labelledObservation);
        hidden.add(deletedObservation);
        return hidden;
    }

    @Test
    void readsVreadsAndHistoriesOfDeniedRecordsAre403AndOthersAreServed() throws Exception {
        Set<String> hidden = hiddenFromClinicianA();
        for (Case c : Case.values()) {
            for (String path : List.of("Patient/" + PATIENT.get(c), "Observation/" + OBSERVATION.get(c))) {
                int expected = hidden.contains(path.substring(path.indexOf('/') + 1)) ? 403 : 200;
                for (String suffix : List.of("", "/_history/1", "/_history")) {
                    HttpResponse<String> response = Fhir.get("/fhir/" + path + suffix, clinicianA);
                    assertEquals(expected, response.statusCode(), c + " " + path + suffix + ": " + response.body());
                    if (expected == 403) {
                        assertTrue(response.body().contains("consent"), response.body());
                    }
                }
            }
        }
        assertEquals(403, Fhir.get("/fhir/Observation/" + labelledObservation, clinicianA).statusCode());
        assertEquals(403, Fhir.get("/fhir/Observation/" + deletedObservation + "/_history", clinicianA).statusCode(),
                "a deleted resource's history is decided as its content was");
    }

    @Test
    void aSearchShowsOnlyPermittedResourcesInFullPagesAndCountsOnlyThem() throws Exception {
        Set<String> expected = new HashSet<>(OBSERVATION.values());
        expected.removeAll(hiddenFromClinicianA());
        List<String> seen = new ArrayList<>();
        String url = RunningStack.fhirBase() + "/Observation?code=" + CODES + "%7Cprobe&_count=3";
        while (url != null) {
            HttpResponse<String> page = Fhir.getUrl(url, clinicianA);
            assertEquals(200, page.statusCode(), page.body());
            assertNothingHidden(page, hiddenFromClinicianA());
            JsonNode bundle = JSON.readTree(page.body());
            assertEquals(expected.size(), bundle.get("total").asInt(), "the total counts what the caller may see");
            List<String> ids = resourceIds(page);
            url = next(bundle);
            if (url != null) {
                assertEquals(3, ids.size(), "a page is full while more follow: " + ids);
            }
            seen.addAll(ids);
        }
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(expected.size(), seen.size(), "no resource twice: " + seen);
    }

    @Test
    void includesAndRevincludesBringOnlyPermittedResources() throws Exception {
        HttpResponse<String> included = Fhir.get("/fhir/Observation?_id=" + OBSERVATION.get(Case.LABEL)
                + "&_include=Observation:has-member&_include=Observation:subject", clinicianA);
        assertEquals(200, included.statusCode(), included.body());
        assertNothingHidden(included, hiddenFromClinicianA());
        assertEquals(Set.of(OBSERVATION.get(Case.LABEL), PATIENT.get(Case.LABEL)), new HashSet<>(resourceIds(included)));

        HttpResponse<String> revincluded = Fhir.get("/fhir/Patient?_id=" + String.join(",", PATIENT.values())
                + "&_revinclude=Observation:subject&_count=100", clinicianA);
        assertEquals(200, revincluded.statusCode(), revincluded.body());
        assertNothingHidden(revincluded, hiddenFromClinicianA());
        Set<String> expected = new HashSet<>(PATIENT.values());
        expected.addAll(OBSERVATION.values());
        expected.removeAll(hiddenFromClinicianA());
        assertEquals(expected, new HashSet<>(resourceIds(revincluded)));
        Set<String> visiblePatients = new HashSet<>(PATIENT.values());
        visiblePatients.removeAll(hiddenFromClinicianA());
        assertEquals(visiblePatients.size(), JSON.readTree(revincluded.body()).get("total").asInt());
    }

    @Test
    void chainsAndHasDoNotMatchThroughHiddenResources() throws Exception {
        for (Case c : List.of(Case.ALL, Case.CLASS, Case.OPEN)) {
            HttpResponse<String> chained = Fhir.get("/fhir/Observation?subject:Patient.identifier=" + CODES + "%7C" + c,
                    clinicianA);
            assertEquals(200, chained.statusCode(), chained.body());
            assertNothingHidden(chained, hiddenFromClinicianA());
            assertEquals(c == Case.OPEN ? List.of(OBSERVATION.get(c)) : List.of(), resourceIds(chained), c.name());
        }
        HttpResponse<String> has = Fhir.get("/fhir/Patient?_has:Observation:subject:code=" + CODES + "%7Cprobe&_count=100",
                clinicianA);
        assertEquals(200, has.statusCode(), has.body());
        assertNothingHidden(has, hiddenFromClinicianA());
        // CLASS's patient is visible, but only through a hidden Observation would it match.
        Set<String> expected = ids(PATIENT, Case.ROLE, Case.PURPOSE, Case.LABEL, Case.EXPIRED_PERMIT, Case.NESTED,
                Case.REVOKED, Case.CORRECT, Case.PERMIT, Case.OPEN);
        assertEquals(expected, new HashSet<>(resourceIds(has)));
        assertEquals(expected.size(), JSON.readTree(has.body()).get("total").asInt());
    }

    @Test
    void typeHistoryLeavesOutEveryVersionOfHiddenResources() throws Exception {
        HttpResponse<String> history = Fhir.get("/fhir/Observation/_history?_count=500&_since=" + started, clinicianA);
        assertEquals(200, history.statusCode(), history.body());
        assertNothingHidden(history, hiddenFromClinicianA());
        Set<String> expected = new HashSet<>(OBSERVATION.values());
        expected.removeAll(hiddenFromClinicianA());
        assertEquals(expected, new HashSet<>(resourceIds(history)));
    }

    @Test
    void everythingOfADeniedPatientIs403AndOtherwiseLeavesOutWhatIsDenied() throws Exception {
        assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.ALL) + "/$everything", clinicianA).statusCode());
        // A patient's Consents are part of their compartment, and never hidden: they are the policy itself.
        Map<Case, Set<String>> expected = Map.of(
                Case.CLASS, Set.of(PATIENT.get(Case.CLASS), CONSENT.get(Case.CLASS)),
                Case.LABEL, Set.of(PATIENT.get(Case.LABEL), OBSERVATION.get(Case.LABEL), CONSENT.get(Case.LABEL)),
                Case.OPEN, Set.of(PATIENT.get(Case.OPEN), OBSERVATION.get(Case.OPEN)));
        for (Map.Entry<Case, Set<String>> c : expected.entrySet()) {
            HttpResponse<String> everything = Fhir.get("/fhir/Patient/" + PATIENT.get(c.getKey()) + "/$everything",
                    clinicianA);
            assertEquals(200, everything.statusCode(), everything.body());
            assertNothingHidden(everything, hiddenFromClinicianA());
            assertEquals(c.getValue(), new HashSet<>(resourceIds(everything)), c.getKey().name());
        }
    }

    @Test
    void aBulkExportDisclosesOnlyWhatTheConsentsPermitTheSystemToReceive() throws Exception {
        String status = BulkExports.kickOff("/fhir/Patient/$export?_type=Patient,Observation", ehrSystem);
        JsonNode manifest = BulkExports.awaitManifest(status, ehrSystem);
        Set<String> exported = new HashSet<>();
        for (String type : List.of("Patient", "Observation")) {
            BulkExports.download(manifest, type, ehrSystem)
                    .forEach(resource -> exported.add(resource.getIdElement().getIdPart()));
        }
        // An EHR system names no practitioner: the practitioner's and the care team's denials do not apply; the
        // exception for Practitioner A does not either.
        Set<String> expected = new HashSet<>(PATIENT.values());
        expected.addAll(OBSERVATION.values());
        expected.removeAll(ids(PATIENT, Case.ALL, Case.NESTED));
        expected.removeAll(ids(OBSERVATION, Case.ALL, Case.NESTED, Case.CLASS));
        assertEquals(expected, exported);
    }

    @Test
    void batchReadsAreDecidedEntryByEntry() throws Exception {
        String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + PATIENT.get(Case.ALL) + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + PATIENT.get(Case.OPEN) + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Observation?code=" + CODES + "|probe&_count=100\"}}]}";
        HttpResponse<String> response = Fhir.post("/fhir", batch, clinicianA);
        assertEquals(200, response.statusCode(), response.body());
        assertNothingHidden(response, hiddenFromClinicianA());
        JsonNode entries = JSON.readTree(response.body()).get("entry");
        assertTrue(entries.get(0).get("response").get("status").asText().startsWith("403"), entries.get(0).toString());
        assertTrue(entries.get(1).get("response").get("status").asText().startsWith("200"));
        assertTrue(entries.get(2).get("response").get("status").asText().startsWith("200"));
    }

    @Test
    void actorsRolesAndPurposesDecideForWhoAsksAndWhy() throws Exception {
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.ACTOR), clinicianB).statusCode(),
                "the denial names Practitioner A only");
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.TEAM), clinicianB).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.ORGANIZATION), clinicianB).statusCode(),
                "the denial names Practitioner A's ward only");
        assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.NESTED), clinicianB).statusCode(),
                "the exception is Practitioner A's only");
        assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.ROLE), nurse).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.OPEN), nurse).statusCode());
        assertEquals(403, Fhir.getWithHeaders("/fhir/Patient/" + PATIENT.get(Case.PURPOSE), clinicianA,
                "X-Purpose-Of-Use", "HRESCH").statusCode(), "no research use");
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient/" + PATIENT.get(Case.OPEN), clinicianA,
                "X-Purpose-Of-Use", "HRESCH").statusCode());
    }

    @Test
    void aDenialOfCorrectionRefusesChangesButNotReads() throws Exception {
        String observation = OBSERVATION.get(Case.CORRECT);
        assertEquals(200, Fhir.get("/fhir/Observation/" + observation, clinicianA).statusCode());
        String changed = observation(Case.CORRECT, ",\"id\":\"" + observation + "\"").replace("final", "amended");
        HttpResponse<String> update = Fhir.put("/fhir/Observation/" + observation, changed, clinicianA);
        assertEquals(403, update.statusCode(), update.body());
        assertEquals(403, Fhir.put("/fhir/Observation?_id=" + observation, changed, clinicianA).statusCode(),
                "a conditional update too");
        assertEquals(403, Fhir.deleteUrl(RunningStack.fhirBase() + "/Observation/" + observation, clinicianA)
                .statusCode());
        assertEquals("1", JSON.readTree(Fhir.get("/fhir/Observation/" + observation, clinicianA).body())
                .get("meta").get("versionId").asText(), "nothing changed");
        assertEquals(403, Fhir.put("/fhir/Observation/" + OBSERVATION.get(Case.ALL), observation(Case.ALL,
                ",\"id\":\"" + OBSERVATION.get(Case.ALL) + "\""), clinicianA).statusCode(), "deny all denies changes");
    }

    @Test
    void everyConsentDenialIsAudited() throws Exception {
        assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.ACTOR), clinicianA).statusCode());
        HttpResponse<String> records = call("GET", "/audit/events?action=read&outcome=403&max=200", null,
                privacyOfficer);
        assertEquals(200, records.statusCode(), records.body());
        boolean found = false;
        for (JsonNode record : JSON.readTree(records.body())) {
            if (PATIENT.get(Case.ACTOR).equals(record.path("resourceId").asText())) {
                assertEquals("a." + tenant, record.get("actorUsername").asText());
                assertTrue(record.get("reason").asText().contains("Consent/" + CONSENT.get(Case.ACTOR)),
                        record.toString());
                found = true;
            }
        }
        assertTrue(found, records.body());
    }

    @Test
    void theAdminApiListsAPatientsConsentsWithStatusAndExpiry() throws Exception {
        HttpResponse<String> listed = call("GET", "/consents?patient=" + PATIENT.get(Case.EXPIRED_PERMIT), null,
                privacyOfficer);
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode consent = JSON.readTree(listed.body()).get(0);
        assertEquals(CONSENT.get(Case.EXPIRED_PERMIT), consent.get("id").asText());
        assertEquals("active", consent.get("status").asText());
        assertFalse(consent.get("inForce").asBoolean(), "its period ended");
        assertTrue(consent.get("expires").asText().startsWith("2021-01-01"), consent.toString());
        JsonNode revoked = JSON.readTree(call("GET", "/consents?patient=" + PATIENT.get(Case.REVOKED), null,
                clinicianA).body()).get(0);
        assertEquals("inactive", revoked.get("status").asText());
        assertEquals(2, revoked.get("version").asInt(), "revoking wrote a new version");
        assertEquals(403, call("POST", "/consents/" + CONSENT.get(Case.ALL) + "/revoke", null, clinicianA).statusCode(),
                "only privacy officers revoke");
        assertEquals(404, call("POST", "/consents/no-such-consent/revoke", null, privacyOfficer).statusCode());
    }

    @Test
    void underAnOptInDefaultOnlyPatientsWhoPermittedAreShown() throws Exception {
        String settings = "{\"name\":\"Consent Probe\",\"auditRetentionDays\":2190,\"requestsPerMinute\":100000,"
                + "\"consentDefault\":\"";
        assertEquals(200, call("PUT", "/tenants/" + tenant, settings + "deny\"}", platform()).statusCode());
        try {
            Set<String> visible = ids(PATIENT, Case.PERMIT, Case.NESTED);
            HttpResponse<String> search = Fhir.get("/fhir/Patient?_id=" + String.join(",", PATIENT.values())
                    + "&_count=100", clinicianA);
            assertEquals(200, search.statusCode(), search.body());
            assertEquals(visible, new HashSet<>(resourceIds(search)));
            assertEquals(visible.size(), JSON.readTree(search.body()).get("total").asInt());
            assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.OPEN), clinicianA).statusCode(),
                    "no consent on record: the opt-in default denies");
            assertEquals(403, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.EXPIRED_PERMIT), clinicianA).statusCode(),
                    "an expired permit permits nothing");
            assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.PERMIT), clinicianA).statusCode());
        } finally {
            assertEquals(200, call("PUT", "/tenants/" + tenant, settings + "permit\"}", platform()).statusCode());
        }
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.EXPIRED_PERMIT), clinicianA).statusCode(),
                "opt-out again");
    }

    @Test
    void breakingTheGlassGrantsOnePatientForABoundedTimeIsAuditedAlertedAndReviewed() throws Exception {
        String patient = PATIENT.get(Case.ALL);
        String body = "{\"patient\":\"" + patient + "\",\"reason\":\"Unconscious in the emergency room\"}";
        assertEquals(403, call("POST", "/break-glass", body, clinicianA).statusCode(), "ETREAT not declared");
        assertEquals(403, AdminCalls.callWithHeaders("POST", "/break-glass", body, nurse, "X-Purpose-Of-Use", "ETREAT")
                .statusCode(), "nurses may not declare emergency treatment");
        HttpResponse<String> granted = AdminCalls.callWithHeaders("POST", "/break-glass", body, clinicianA,
                "X-Purpose-Of-Use", "ETREAT");
        assertEquals(201, granted.statusCode(), granted.body());
        JsonNode grant = JSON.readTree(granted.body());
        Instant expires = Instant.parse(grant.get("expiresAt").asText());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(50 * 60)) && expires.isBefore(Instant.now().plusSeconds(61 * 60)),
                grant.toString());

        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient/" + patient, clinicianA, "X-Purpose-Of-Use", "ETREAT")
                .statusCode());
        assertEquals(200, Fhir.getWithHeaders("/fhir/Observation/" + OBSERVATION.get(Case.ALL), clinicianA,
                "X-Purpose-Of-Use", "ETREAT").statusCode());
        assertEquals(403, Fhir.get("/fhir/Patient/" + patient, clinicianA).statusCode(), "only when declared again");
        assertEquals(403, Fhir.getWithHeaders("/fhir/Patient/" + PATIENT.get(Case.ACTOR), clinicianA,
                "X-Purpose-Of-Use", "ETREAT").statusCode(), "for that patient only");
        assertEquals(403, Fhir.getWithHeaders("/fhir/Patient/" + patient, clinicianB, "X-Purpose-Of-Use", "ETREAT")
                .statusCode(), "for that clinician only");

        JsonNode records = JSON.readTree(call("GET", "/audit/events?action=read&outcome=200&max=200", null,
                privacyOfficer).body());
        boolean flagged = false;
        for (JsonNode record : records) {
            flagged |= patient.equals(record.path("resourceId").asText())
                    && record.path("reason").asText().contains("break-the-glass: grant " + grant.get("id").asText());
        }
        assertTrue(flagged, "the access is recorded with its grant: " + records);
        awaitBreakTheGlassAlert();

        assertEquals(403, call("GET", "/break-glass", null, clinicianA).statusCode(), "the queue is the privacy office's");
        JsonNode queued = find(JSON.readTree(call("GET", "/break-glass", null, privacyOfficer).body()), grant);
        assertEquals("Unconscious in the emergency room", queued.get("reason").asText());
        String acknowledge = "/break-glass/" + grant.get("id").asText() + "/acknowledge";
        assertEquals(400, call("POST", acknowledge, "{\"comment\":\"\"}", privacyOfficer).statusCode());
        HttpResponse<String> reviewed = call("POST", acknowledge, "{\"comment\":\"Checked with the ER lead: justified\"}",
                privacyOfficer);
        assertEquals(200, reviewed.statusCode(), reviewed.body());
        assertEquals(null, find(JSON.readTree(call("GET", "/break-glass", null, privacyOfficer).body()), grant));
        assertEquals("privacy." + tenant, find(JSON.readTree(call("GET", "/break-glass?state=all", null, privacyOfficer)
                .body()), grant).get("reviewedBy").asText());

        superuser("UPDATE break_glass_grant SET granted_at = now() - interval '2 hours', expires_at = now() - interval"
                + " '1 hour' WHERE grant_id = '" + grant.get("id").asText() + "'");
        assertEquals(403, Fhir.getWithHeaders("/fhir/Patient/" + patient, clinicianA, "X-Purpose-Of-Use", "ETREAT")
                .statusCode(), "an expired grant grants nothing");
    }

    @Test
    void aConsentThatCannotBeReadDeniesItsPatientsData() throws Exception {
        String consentKey = "(SELECT pk FROM fhir_resource WHERE tenant_id = '" + tenant + "' AND resource_type ="
                + " 'Consent' AND resource_id = '" + CONSENT.get(Case.PERMIT) + "')";
        byte[] original = sealedContent(consentKey);
        byte[] damaged = original.clone();
        damaged[damaged.length - 1] ^= 1;
        setSealedContent(consentKey, damaged);
        try {
            HttpResponse<String> read = Fhir.get("/fhir/Patient/" + PATIENT.get(Case.PERMIT), clinicianA);
            assertEquals(403, read.statusCode(), read.body());
            assertTrue(read.body().contains("could not be evaluated"), read.body());
            HttpResponse<String> search = Fhir.get("/fhir/Patient?_id=" + PATIENT.get(Case.PERMIT) + ","
                    + PATIENT.get(Case.OPEN), clinicianA);
            assertEquals(List.of(PATIENT.get(Case.OPEN)), resourceIds(search));
        } finally {
            setSealedContent(consentKey, original);
        }
        assertEquals(200, Fhir.get("/fhir/Patient/" + PATIENT.get(Case.PERMIT), clinicianA).statusCode());
    }

    @Test
    void aPatientManagesOnlyTheirOwnConsentsAndAlwaysSeesTheirOwnRecord() throws Exception {
        String own = "demo-patient-general";
        String clinician = Tokens.staff("clinician.general");
        if (Fhir.get("/fhir/Patient/" + own, clinician).statusCode() == 404) {
            assertEquals(201, Fhir.put("/fhir/Patient/" + own, "{\"resourceType\":\"Patient\",\"id\":\"" + own
                    + "\"}", clinician).statusCode());
        }
        String app = Tokens.appLogin("smart-app", "patient.general", "launch/patient patient/*.cruds")
                .token("launch/patient patient/*.cruds");
        String noResearch = "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{"
                + "\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/%s\"},\"policyRule\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPTIN\"}]},\"provision\":{\"type\":"
                + "\"deny\",\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\","
                + "\"code\":\"HRESCH\"}]}}";
        assertEquals(403, Fhir.post("/fhir/Consent", noResearch.formatted("someone-else"), app).statusCode(),
                "another patient's consent");
        assertEquals(403, Fhir.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
                + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/" + own + "\"}}", app).statusCode(),
                "anything but a consent");
        HttpResponse<String> created = Fhir.post("/fhir/Consent", noResearch.formatted(own), app);
        assertEquals(201, created.statusCode(), created.body());
        String consent = Fhir.createdId(created);
        try {
            assertEquals(403, Fhir.getWithHeaders("/fhir/Patient/" + own, clinician, "X-Purpose-Of-Use", "HRESCH")
                    .statusCode(), "the patient's own consent is enforced");
            assertEquals(200, Fhir.get("/fhir/Patient/" + own, app).statusCode(), "their own record, always");
            assertEquals(List.of(consent), resourceIds(Fhir.get("/fhir/Consent?_id=" + consent, app)));
        } finally {
            String revoked = noResearch.formatted(own).replace("\"status\":\"active\"", "\"id\":\"" + consent
                    + "\",\"status\":\"inactive\"");
            assertEquals(200, Fhir.put("/fhir/Consent/" + consent, revoked, app).statusCode(), "they withdraw it");
        }
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient/" + own, clinician, "X-Purpose-Of-Use", "HRESCH")
                .statusCode());
    }

    // ---- helpers ----

    private static String observation(Case c, String extra) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"" + CODES
                + "\",\"code\":\"probe\"}]},\"subject\":{\"reference\":\"Patient/" + PATIENT.get(c) + "\"}" + extra + "}";
    }

    private static String actor(String reference) {
        return "{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\","
                + "\"code\":\"IRCP\"}]},\"reference\":{\"reference\":\"" + reference + "\"}}";
    }

    private static void consent(Case c, String provision) throws Exception {
        CONSENT.put(c, created("Consent", "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{"
                + "\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + PATIENT.get(c) + "\"},"
                + "\"policyRule\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
                + "\"code\":\"OPTIN\"}]},\"provision\":" + provision + "}"));
    }

    private static String created(String type, String json) throws Exception {
        HttpResponse<String> response = Fhir.post("/fhir/" + type, json, clinicianB);
        assertEquals(201, response.statusCode(), response.body());
        return Fhir.createdId(response);
    }

    private static Set<String> ids(Map<Case, String> of, Case... cases) {
        return java.util.Arrays.stream(cases).map(of::get).collect(Collectors.toCollection(HashSet::new));
    }

    /** The ids of the resources a response's bundle holds (matches and included), without their types. */
    private static List<String> resourceIds(HttpResponse<String> response) throws Exception {
        return Fhir.entryIds(response).stream().map(typed -> typed.substring(typed.indexOf('/') + 1)).toList();
    }

    /**
     * No hidden resource in the response: as no resource anywhere in the body (also nested, e.g. a batch's search),
     * in no entry's URL or location, in no header. (A permitted resource may still refer to a hidden one by id: its
     * content is the patient's as written.)
     */
    private static void assertNothingHidden(HttpResponse<String> response, Set<String> hidden) throws Exception {
        Set<String> shown = new HashSet<>();
        collectShown(JSON.readTree(response.body()), shown);
        Set<String> leaked = new HashSet<>(shown);
        leaked.retainAll(hidden);
        assertEquals(Set.of(), leaked, "hidden resources in " + response.body());
        for (String id : hidden) {
            assertFalse(response.headers().map().toString().contains(id), "hidden " + id + " in the headers");
        }
    }

    private static void collectShown(JsonNode node, Set<String> shown) {
        if (node.isObject()) {
            if (node.has("resourceType") && node.has("id")) {
                shown.add(node.get("id").asText());
            }
            for (String field : List.of("fullUrl", "location")) {
                if (node.has(field)) {
                    String url = node.get(field).asText().replaceAll("/_history/.*$", "");
                    shown.add(url.substring(url.lastIndexOf('/') + 1));
                }
            }
        }
        node.forEach(child -> collectShown(child, shown));
    }

    private static String next(JsonNode bundle) {
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(link.get("relation").asText())) {
                return link.get("url").asText();
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode grants, JsonNode grant) {
        for (JsonNode candidate : grants) {
            if (grant.get("id").asText().equals(candidate.get("id").asText())) {
                return candidate;
            }
        }
        return null;
    }

    private static void awaitBreakTheGlassAlert() throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            for (JsonNode alert : JSON.readTree(call("GET", "/alerts?state=all", null, privacyOfficer).body())) {
                if ("break-the-glass".equals(alert.get("rule").asText())
                        && ("a." + tenant).equals(alert.get("actorUsername").asText())) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no break-the-glass alert for the privacy officers");
    }

    private static String ehrClient(String admin) throws Exception {
        String clientId = "consent-probe-ehr-" + RUN;
        HttpResponse<String> registered = call("POST", "/clients", "{\"clientId\":\"" + clientId + "\",\"name\":"
                + "\"Consent probe EHR\",\"scopes\":[\"system/*.rs\"],\"dpopBound\":false}", admin);
        assertEquals(201, registered.statusCode(), registered.body());
        return Tokens.clientWithSecret(clientId, JSON.readTree(registered.body()).get("secret").asText());
    }

    private static byte[] sealedContent(String resourceKey) throws Exception {
        try (Connection db = StackDatabase.superuser(); PreparedStatement select = db.prepareStatement(
                "SELECT resource_sealed FROM fhir_resource_version WHERE resource_pk = " + resourceKey)) {
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next());
                return rows.getBytes(1);
            }
        }
    }

    private static void setSealedContent(String resourceKey, byte[] content) throws Exception {
        try (Connection db = StackDatabase.superuser(); PreparedStatement update = db.prepareStatement(
                "UPDATE fhir_resource_version SET resource_sealed = ? WHERE resource_pk = " + resourceKey)) {
            update.setBytes(1, content);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static void superuser(String sql) throws Exception {
        try (Connection db = StackDatabase.superuser(); PreparedStatement statement = db.prepareStatement(sql)) {
            assertEquals(1, statement.executeUpdate());
        }
    }

    private static String login(String username) {
        return Tokens.testStaff(username, PASSWORD);
    }

    private static String platform() {
        return Tokens.staff("platform.admin");
    }
}
