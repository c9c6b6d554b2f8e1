package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail read back: as FHIR AuditEvents mapped following IHE BALP (for auditors and privacy officers only),
 * and as a patient's accounting of disclosures (admin API and {@code Patient/{id}/$disclosures}, the patient's own
 * too).
 */
@ExtendWith(RunningStack.class)
class AuditEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWN_PATIENT = "demo-patient-general";
    private static String patient;
    private static String run;
    private static Instant before;

    @BeforeAll
    static void aPatientReadByAClinicianAndSearchedByANurse() throws Exception {
        before = Instant.now().minusSeconds(1);
        run = "balp-" + UUID.randomUUID().toString().substring(0, 8);
        patient = Fhir.createdId(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":"
                + "\"Balpprobe\"}]}", Tokens.client("ehr-system")));
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient/" + patient, Tokens.staff("clinician.general"),
                "X-Request-Id", run + "-read").statusCode());
        assertEquals(200, Fhir.getWithHeaders("/fhir/Observation?subject=Patient/" + patient + "&_count=5",
                Tokens.staff("nurse.general"), "X-Request-Id", run + "-search").statusCode());
        assertEquals(404, Fhir.get("/fhir/Patient/" + patient, Tokens.client("ehr-system-b")).statusCode(),
                "another tenant's client: refused as not found");
        assertEquals(404, Fhir.get("/fhir/Patient/no-such-" + run, Tokens.staff("clinician.general")).statusCode());
    }

    @Test
    void auditorsFindAClinicianReadAsABalpRestReadEvent() throws Exception {
        Bundle found = search("AuditEvent?patient=Patient/" + patient + "&subtype=read", "auditor.general");
        AuditEvent read = found.getEntry().stream().map(entry -> (AuditEvent) entry.getResource())
                .filter(event -> requestIdOf(event).equals(run + "-read")).findFirst().orElseThrow();
        assertEquals("rest", read.getType().getCode());
        assertTrue(codes(read.getSubtype()).containsAll(Set.of("read")), "restful-interaction read");
        assertEquals(AuditEvent.AuditEventAction.R, read.getAction());
        assertEquals(AuditEvent.AuditEventOutcome._0, read.getOutcome());
        assertEquals("TREAT", read.getPurposeOfEventFirstRep().getCodingFirstRep().getCode(), "the clinician's default");
        AuditEvent.AuditEventAgentComponent user = read.getAgent().stream().filter(
                AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
        assertEquals("clinician.general", user.getAltId());
        assertEquals("humanuser", user.getType().getCodingFirstRep().getCode());
        assertTrue(user.getRole().stream().anyMatch(role -> "clinician".equals(role.getCodingFirstRep().getCode())));
        assertNotNull(user.getNetwork().getAddress());
        assertTrue(read.getAgent().stream().anyMatch(agent -> "110152".equals(agent.getType().getCodingFirstRep()
                .getCode())), "the server as destination");
        assertTrue(read.getEntity().stream().anyMatch(entity -> ("Patient/" + patient).equals(entity.getWhat()
                .getReference()) && "1".equals(entity.getRole().getCode())), "the patient entity");
        assertEquals("general-hospital", read.getSource().getSite());

        HttpResponse<String> byId = Fhir.get("/fhir/AuditEvent/" + read.getIdElement().getIdPart(),
                Tokens.staff("privacy-officer.general"));
        assertEquals(200, byId.statusCode(), byId.body());
        assertEquals(run + "-read", requestIdOf(Fhir.context().newJsonParser().parseResource(AuditEvent.class,
                byId.body())));
    }

    @Test
    void auditEventsFilterByOutcomeAndDateAndPage() throws Exception {
        Bundle refused = search("AuditEvent?outcome=4&subtype=read&date=ge" + before, "auditor.general");
        assertFalse(refused.getEntry().isEmpty());
        refused.getEntry().forEach(entry -> assertEquals(AuditEvent.AuditEventOutcome._4,
                ((AuditEvent) entry.getResource()).getOutcome()));
        assertTrue(search("AuditEvent?date=gt2999-01-01", "auditor.general").getEntry().isEmpty());
        Bundle first = search("AuditEvent?patient=" + patient + "&_count=1", "auditor.general");
        assertEquals(1, first.getEntry().size());
        assertNotNull(first.getLink("next"), "more than one record touched the patient");
        String next = first.getLink("next").getUrl();
        Bundle second = search(next.substring(next.indexOf("AuditEvent")), "auditor.general");
        assertEquals(1, second.getEntry().size());
        assertFalse(first.getEntryFirstRep().getResource().getIdElement().getIdPart()
                .equals(second.getEntryFirstRep().getResource().getIdElement().getIdPart()));
    }

    @Test
    void onlyAuditorsAndPrivacyOfficersReadAuditEventsAndNobodyWritesThem() {
        assertEquals(403, Fhir.get("/fhir/AuditEvent?patient=" + patient, Tokens.staff("clinician.general"))
                .statusCode());
        assertEquals(403, Fhir.get("/fhir/AuditEvent?patient=" + patient, Tokens.client("ehr-system"))
                .statusCode());
        HttpResponse<String> write = Fhir.post("/fhir/AuditEvent", "{\"resourceType\":\"AuditEvent\"}",
                Tokens.staff("auditor.general"));
        assertTrue(write.statusCode() == 405 || write.statusCode() == 400, write.statusCode() + " " + write.body());
        assertTrue(write.body().contains("OperationOutcome"), write.body());
        HttpResponse<String> inABundle = Fhir.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\","
                + "\"entry\":[{\"resource\":{\"resourceType\":\"AuditEvent\",\"type\":{\"code\":\"rest\"},"
                + "\"recorded\":\"2026-01-01T00:00:00Z\",\"agent\":[{\"requestor\":true}],\"source\":{\"observer\":"
                + "{\"display\":\"forger\"}}},\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}",
                Tokens.client("ehr-system"));
        assertEquals(405, inABundle.statusCode(), inABundle.body());
    }

    @Test
    void theDisclosureReportListsEveryAccessToThePatientAndNoRefusal() throws Exception {
        HttpResponse<String> report = call("GET", "/audit/disclosures?patient=" + patient + "&from=" + before, null,
                Tokens.staff("privacy-officer.general"));
        assertEquals(200, report.statusCode(), report.body());
        JsonNode accesses = JSON.readTree(report.body()).get("accesses");
        List<String> who = accesses.findValuesAsText("actorUsername");
        assertTrue(who.contains("clinician.general"), who.toString());
        assertTrue(who.contains("service-account-ehr-system"), "the create: " + who);
        accesses.forEach(access -> assertTrue(access.get("outcome").asInt() < 400, access.toString()));
        assertFalse(accesses.findValuesAsText("actorClient").contains("ehr-system-b"), "a refusal discloses nothing");

        HttpResponse<String> fhir = Fhir.get("/fhir/Patient/" + patient + "/$disclosures?start=" + before,
                Tokens.staff("auditor.general"));
        assertEquals(200, fhir.statusCode(), fhir.body());
        Bundle events = Fhir.context().newJsonParser().parseResource(Bundle.class, fhir.body());
        assertTrue(events.getEntry().size() >= accesses.size(), "the same accesses, and the report just made");
        assertTrue(events.getEntry().stream().map(entry -> requestIdOf((AuditEvent) entry.getResource()))
                .anyMatch((run + "-read")::equals));
        assertEquals(403, Fhir.get("/fhir/Patient/" + patient + "/$disclosures", Tokens.staff("clinician.general"))
                .statusCode());
    }

    @Test
    void aPatientGetsTheirOwnDisclosureReportAndNoOneElses() {
        String token = Tokens.appLogin("smart-app", "patient.general", "launch/patient patient/*.read")
                .token("launch/patient patient/*.read");
        HttpResponse<String> own = Fhir.get("/fhir/Patient/" + OWN_PATIENT + "/$disclosures", token);
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().contains("\"Bundle\""));
        assertEquals(404, Fhir.get("/fhir/Patient/" + patient + "/$disclosures", token).statusCode());
        assertEquals(403, Fhir.get("/fhir/AuditEvent?patient=" + OWN_PATIENT, token).statusCode());
    }

    private static Bundle search(String query, String username) {
        HttpResponse<String> response = Fhir.get("/fhir/" + query, Tokens.staff(username));
        assertEquals(200, response.statusCode(), response.body());
        return Fhir.context().newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static String requestIdOf(AuditEvent event) {
        return event.getEntity().stream().filter(entity -> "XrequestId".equals(entity.getType().getCode()))
                .map(entity -> entity.getWhat().getIdentifier().getValue()).findFirst().orElse("");
    }

    private static Set<String> codes(List<Coding> codings) {
        return codings.stream().map(Coding::getCode).collect(Collectors.toSet());
    }
}
