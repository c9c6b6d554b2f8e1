package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A plain JSON read is answered with the stored JSON (no parse, no re-encode). It must be indistinguishable from
 * HAPI's own encoding: a request with a non-matching {@code If-None-Match} takes HAPI's normal path and serves as
 * the reference.
 */
@ExtendWith(RunningStack.class)
class StoredJsonReadIT {

    private static final List<String> READ_HEADERS = List.of("Content-Type", "ETag", "Last-Modified", "Content-Location");

    private static Patient patientWithNarrativeAndExtension() {
        Patient patient = new Patient();
        patient.addName().setFamily("Stored-Json-Ünïcode").addGiven("Zoë");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Zoë <b>Stored</b> &amp; read</div>");
        patient.addExtension("http://example.org/fhir/StructureDefinition/note", new StringType("a \"quoted\" <note>"));
        return patient;
    }

    @Test
    void plainJsonReadAndVreadEqualHapisOwnEncodingByteForByte() {
        String token = Tokens.client("ehr-system");
        IGenericClient fhir = Fhir.clientWithToken(token);
        Patient patient = patientWithNarrativeAndExtension();
        String id = fhir.create().resource(patient).execute().getId().getIdPart();
        patient.setId(id);
        patient.setBirthDateElement(new DateType("1990-04-01"));
        fhir.update().resource(patient).execute();

        for (String path : List.of("/fhir/Patient/" + id, "/fhir/Patient/" + id + "/_history/1")) {
            HttpResponse<String> stored = Fhir.getWithHeaders(path, token, "Accept", "application/fhir+json");
            HttpResponse<String> encoded = Fhir.getWithHeaders(path, token, "Accept", "application/fhir+json",
                    "If-None-Match", "W/\"999\"");
            assertEquals(200, stored.statusCode(), path);
            assertEquals(encoded.body(), stored.body(), path);
            for (String header : READ_HEADERS) {
                assertEquals(encoded.headers().allValues(header), stored.headers().allValues(header), header + " " + path);
            }
        }
        assertTrue(Fhir.get("/fhir/Patient/" + id, token).body().contains("\"birthDate\":\"1990-04-01\""));
    }

    @Test
    void conditionalReadStillAnswersNotModified() {
        String token = Tokens.client("ehr-system");
        String id = Fhir.clientWithToken(token).create().resource(patientWithNarrativeAndExtension()).execute()
                .getId().getIdPart();
        assertEquals(304, Fhir.getWithHeaders("/fhir/Patient/" + id, token, "If-None-Match", "W/\"1\"").statusCode());
    }

    @Test
    void unknownDeletedAndMalformedVersionsAnswerOperationOutcomes() {
        String token = Tokens.client("ehr-system");
        IGenericClient fhir = Fhir.clientWithToken(token);
        String id = fhir.create().resource(patientWithNarrativeAndExtension()).execute().getId().getIdPart();
        fhir.delete().resourceById("Patient", id).execute();

        HttpResponse<String> gone = Fhir.get("/fhir/Patient/" + id, token);
        assertEquals(410, gone.statusCode());
        assertTrue(gone.body().contains("\"resourceType\":\"OperationOutcome\""), gone.body());
        HttpResponse<String> unknown = Fhir.get("/fhir/Patient/no-such-patient", token);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("request id"), unknown.body());
        assertEquals(404, Fhir.get("/fhir/Patient/" + id + "/_history/7", token).statusCode());
        for (String version : List.of("abc", "99999999999999999999")) {
            for (String format : List.of("", "?_format=json")) {
                HttpResponse<String> malformed = Fhir.get("/fhir/Patient/" + id + "/_history/" + version + format, token);
                assertEquals(400, malformed.statusCode(), version + format);
                assertTrue(malformed.body().contains("A version id is a number"), malformed.body());
            }
        }
    }
}
