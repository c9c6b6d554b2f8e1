package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PHI never reaches the server log: not on success, not on refusal, not on malformed input — while every request
 * leaves its one line (request id, user id, method, route template, status, duration).
 */
@ExtendWith(RunningStack.class)
class LogHygieneIT {

    @Test
    void phiOfRequestsAndFailuresNeverReachesTheServerLog() throws IOException {
        String marker = "Phimarker" + UUID.randomUUID().toString().replace("-", "");
        String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + marker + "\"}],"
                + "\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"" + marker + "\"}]}";
        String ehr = Tokens.client("ehr-system");

        assertEquals(201, Fhir.post("/fhir/Patient", patient, ehr).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient?family=" + marker, ehr).statusCode());
        assertEquals(400, Fhir.post("/fhir/Patient", patient.substring(0, patient.length() - 3), ehr).statusCode());
        assertEquals(403, Fhir.post("/fhir/Patient", patient, Tokens.staff("nurse.riverside")).statusCode());
        assertEquals(400, Fhir.get("/fhir/Patient?family:nonsense=" + marker, ehr).statusCode());
        assertEquals(422, Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"" + marker + "\"}",
                ehr).statusCode());

        Path log = RunningStack.settings().logDir().resolve("payara-micro.log");
        String content = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(content.contains(marker), "the server log contains PHI from a request");
        assertTrue(content.contains(" POST /fhir/Patient -> 201 in "), "one line per request, with its route");
        assertTrue(content.contains(" GET /fhir/Patient -> 400 in "), "refused requests too");
        assertFalse(content.contains("?family"), "never a query string");
    }
}
