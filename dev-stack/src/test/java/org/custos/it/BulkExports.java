package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Resource;

/** A Bulk Data client's steps: kick-off, polling until the manifest, downloading a type's NDJSON files. */
final class BulkExports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkExports() {
    }

    static String kickOff(String path, String token) {
        HttpResponse<String> response = Fhir.getWithHeaders(path, token, "Prefer", "respond-async",
                "Accept", "application/fhir+json");
        assertEquals(202, response.statusCode(), response.body());
        return response.headers().firstValue("Content-Location").orElseThrow();
    }

    static JsonNode awaitManifest(String statusUrl, String token) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> poll = Fhir.getUrl(statusUrl, token);
            if (poll.statusCode() == 200) {
                return JSON.readTree(poll.body());
            }
            assertEquals(202, poll.statusCode(), poll.body());
            assertTrue(poll.headers().firstValue("X-Progress").isPresent());
            Thread.sleep(300);
        }
        throw new AssertionError("export did not complete");
    }

    static List<Resource> download(JsonNode manifest, String type, String token) {
        List<Resource> resources = new ArrayList<>();
        for (JsonNode file : manifest.get("output")) {
            if (file.get("type").asText().equals(type)) {
                HttpResponse<String> ndjson = Fhir.getUrl(file.get("url").asText(), token);
                assertEquals(200, ndjson.statusCode());
                assertTrue(ndjson.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+ndjson"));
                ndjson.body().lines().forEach(line -> resources.add((Resource) Fhir.context().newJsonParser().parseResource(line)));
            }
        }
        return resources;
    }
}
