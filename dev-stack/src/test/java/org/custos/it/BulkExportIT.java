package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bulk Data $export: asynchronous kick-off, polling, NDJSON files for the requester only, cancel. */
@ExtendWith(RunningStack.class)
class BulkExportIT {

    private static String patientId;
    private static String groupId;

    @BeforeAll
    static void createData() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        Patient patient = new Patient();
        patient.addName().setFamily("Exported");
        patientId = fhir.create().resource(patient).execute().getId().getIdPart();
        for (int i = 0; i < 2; i++) {
            Observation observation = new Observation();
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("export-probe");
            observation.setSubject(new Reference("Patient/" + patientId));
            fhir.create().resource(observation).execute();
        }
        Group group = new Group();
        group.setType(Group.GroupType.PERSON).setActual(true);
        group.addMember().setEntity(new Reference("Patient/" + patientId));
        groupId = fhir.create().resource(group).execute().getId().getIdPart();
    }

    @Test
    void systemExportWritesNdjsonPerTypeForTheRequesterOnly() throws Exception {
        String token = Tokens.client("ehr-system");
        String status = BulkExports.kickOff("/fhir/$export?_type=Patient,Observation", token);
        JsonNode manifest = BulkExports.awaitManifest(status, token);
        assertTrue(manifest.get("requiresAccessToken").asBoolean());
        List<Resource> patients = BulkExports.download(manifest, "Patient", token);
        assertTrue(patients.stream().anyMatch(p -> p.getIdElement().getIdPart().equals(patientId)));
        assertFalse(BulkExports.download(manifest, "Observation", token).isEmpty());
        manifest.get("output").forEach(file ->
                assertTrue(List.of("Patient", "Observation").contains(file.get("type").asText())));

        String otherClient = Tokens.client("ehr-system-b");
        assertEquals(404, Fhir.getUrl(status, otherClient).statusCode(), "another client cannot poll");
        String fileUrl = manifest.get("output").get(0).get("url").asText();
        assertEquals(404, Fhir.getUrl(fileUrl, otherClient).statusCode(), "another client cannot download");
    }

    /** Export output is PHI like the resources it copies: stored sealed, and no patient name appears in clear. */
    @Test
    void exportFilesAreStoredSealed() throws Exception {
        String token = Tokens.client("ehr-system");
        JsonNode manifest = BulkExports.awaitManifest(BulkExports.kickOff("/fhir/$export?_type=Patient", token), token);
        assertTrue(BulkExports.download(manifest, "Patient", token).stream().anyMatch(p -> p.getIdElement().getIdPart()
                .equals(patientId)), "the download opens the sealed file");
        try (java.sql.Connection db = StackDatabase.superuser(); java.sql.ResultSet files = db.createStatement()
                .executeQuery("SELECT content_sealed FROM fhir_export_file")) {
            int count = 0;
            while (files.next()) {
                count++;
                String raw = new String(files.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertEquals(1, files.getBytes(1)[0], "Tink prefix: the file starts with its key id");
                assertFalse(raw.contains("Exported") || raw.contains("resourceType"), "plaintext in the column");
            }
            assertTrue(count > 0);
        }
    }

    @Test
    void groupExportCoversTheMembersCompartmentsAndSinceFilters() throws Exception {
        String token = Tokens.client("ehr-system");
        JsonNode manifest = BulkExports.awaitManifest(BulkExports.kickOff("/fhir/Group/" + groupId + "/$export?_type=Observation", token), token);
        List<Resource> observations = BulkExports.download(manifest, "Observation", token);
        assertEquals(2, observations.size());
        assertTrue(observations.stream().allMatch(o -> ((Observation) o).getSubject().getReference()
                .equals("Patient/" + patientId)));

        JsonNode nothingNew = BulkExports.awaitManifest(BulkExports.kickOff("/fhir/Patient/$export?_type=Observation&_since="
                + Instant.now().plus(Duration.ofDays(1)), token), token);
        assertTrue(nothingNew.get("output").isEmpty());
    }

    @Test
    void deleteCancelsTheJobAndItsFiles() throws Exception {
        String token = Tokens.client("ehr-system");
        String status = BulkExports.kickOff("/fhir/$export?_type=Patient", token);
        BulkExports.awaitManifest(status, token);
        assertEquals(202, Fhir.deleteUrl(status, token).statusCode());
        assertEquals(404, Fhir.getUrl(status, token).statusCode());
    }

    @Test
    void kickOffNeedsRespondAsyncAndAnEhrClient() {
        assertEquals(400, Fhir.get("/fhir/$export", Tokens.client("ehr-system")).statusCode());
        HttpResponse<String> clinician = Fhir.getWithHeaders("/fhir/$export", Tokens.staff("clinician.general"),
                "Prefer", "respond-async");
        assertEquals(403, clinician.statusCode());
    }
}
