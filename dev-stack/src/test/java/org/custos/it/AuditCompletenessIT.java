package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Audit completeness: a scripted session through every FHIR interaction and operation, the bulk export's download
 * and cancel, the audit trail's own readers, admin actions and refusals — each request with its own request id —
 * then, per request, exactly the records expected (a bundle: its own and one per entry), with the caller, tenant
 * and outcome the request had.
 */
@ExtendWith(RunningStack.class)
class AuditCompletenessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String run = "complete-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final Map<String, Step> steps = new LinkedHashMap<>();

    /** One scripted request, what it was answered, and the actions its records must have. */
    private record Step(String username, int status, List<String> actions) {
    }

    @Test
    void everyInteractionOperationAndAdminActionLeavesExactlyItsRecords() throws Exception {
        String clinician = Tokens.staff("clinician.general");
        String family = "Completeness" + UUID.randomUUID().toString().substring(0, 6);
        String identifier = "urn:custos:test|" + family;
        String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:custos:test\",\"value\":\""
                + family + "\"}],\"name\":[{\"family\":\"" + family + "\"}]}";
        String id = JSON.readTree(fhir("create", "POST", "/fhir/Patient", patient, clinician, List.of("create")).body())
                .get("id").asText();
        fhir("read", "GET", "/fhir/Patient/" + id, null, clinician, List.of("read"));
        fhir("vread", "GET", "/fhir/Patient/" + id + "/_history/1", null, clinician, List.of("vread"));
        fhir("update", "PUT", "/fhir/Patient/" + id, patient.replace("{\"resourceType\":\"Patient\",",
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"unknown\","), clinician,
                List.of("update"));
        fhir("history-instance", "GET", "/fhir/Patient/" + id + "/_history", null, clinician, List.of("history"));
        fhir("history-type", "GET", "/fhir/Patient/_history?_count=5", null, clinician, List.of("history"));
        fhir("search", "GET", "/fhir/Patient?family=" + family, null, clinician, List.of("search"));
        fhir("search-post", "POST", "/fhir/Patient/_search", "family=" + family, clinician, List.of("search"));
        fhir("conditional-create", "POST", "/fhir/Patient", patient, clinician, List.of("create"),
                "If-None-Exist", "identifier=" + identifier);
        fhir("conditional-update", "PUT", "/fhir/Patient?identifier=" + URLEncoder.encode(identifier,
                StandardCharsets.UTF_8), patient, clinician, List.of("update"));
        fhir("everything", "GET", "/fhir/Patient/" + id + "/$everything", null, clinician, List.of("everything"));
        fhir("validate", "POST", "/fhir/Patient/$validate", patient, clinician, List.of("validate"));
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"probe\"},"
                + "\"subject\":{\"reference\":\"Patient/" + id + "\"}}";
        fhir("transaction", "POST", "/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + observation + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},"
                + "{\"resource\":" + observation + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}",
                clinician, List.of("transaction", "create", "create"));
        fhir("batch", "POST", "/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + id + "\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?family=" + family + "\"}}]}",
                clinician, List.of("batch", "read", "search"));
        String other = JSON.readTree(Fhir.post("/fhir/Patient", patient.replace(family, family + "x"), clinician)
                .body()).get("id").asText();
        fhir("delete", "DELETE", "/fhir/Patient/" + other, null, clinician, List.of("delete"));
        fhir("conditional-delete", "DELETE", "/fhir/Patient?identifier=" + URLEncoder.encode(identifier,
                StandardCharsets.UTF_8), null, clinician, List.of("delete"));
        fhir("read-deleted", "GET", "/fhir/Patient/" + other, null, clinician, List.of("read"));

        String ehr = Tokens.client("ehr-system");
        Fhir.createdId(Fhir.post("/fhir/Patient", patient.replace(family, family + "kept"), ehr)); // for the export
        String status = fhir("export", "GET", "/fhir/Patient/$export?_type=Patient", null, ehr, List.of("export"),
                "Prefer", "respond-async", "Accept", "application/fhir+json").headers()
                .firstValue("Content-Location").orElseThrow();
        JsonNode manifest = BulkExports.awaitManifest(status, ehr);
        fhirUrl("export-download", "GET", manifest.get("output").get(0).get("url").asText(), ehr, "export-download");
        fhirUrl("export-delete", "DELETE", status, ehr, "export-delete");

        String auditor = Tokens.staff("auditor.general");
        fhir("auditevent-search", "GET", "/fhir/AuditEvent?patient=" + id + "&_count=2", null, auditor,
                List.of("search-audit"));
        fhir("disclosures", "GET", "/fhir/Patient/" + id + "/$disclosures", null, auditor,
                List.of("disclosure-report"));
        admin("audit-events", "GET", "/audit/events?patient=" + id, auditor, "search-audit");
        admin("audit-export", "GET", "/audit/export?format=ndjson&patient=" + id, auditor, "export-audit");
        admin("audit-verify", "GET", "/audit/verify", auditor, "verify-audit-chain");
        admin("alerts", "GET", "/alerts", Tokens.staff("privacy-officer.general"), "list-alerts");
        admin("users", "GET", "/users", Tokens.staff("admin.general"), "list-accounts");
        admin("clients", "GET", "/clients", Tokens.staff("admin.general"), "list-clients");
        admin("tenant", "GET", "/tenants/general-hospital", Tokens.staff("admin.general"), "read-tenant");
        admin("keys", "GET", "/crypto/keys", Tokens.staff("platform.admin"), "keys");

        fhir("role-denied", "POST", "/fhir/Patient", patient, Tokens.staff("nurse.general"), List.of("access-denied"));
        admin("admin-role-denied", "GET", "/users", clinician, "access-denied");
        steps.put("bad-token", new Step(null, send("bad-token", "GET", RunningStack.settings().appUrl()
                + "/fhir/Patient", null, "not-a-token").statusCode(), List.of("authentication-failure")));

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Step> step : steps.entrySet()) {
            List<Map<String, Object>> records = AuditRecords.of(run + step.getKey());
            // A bundle's entries are recorded before the bundle itself: compared as a multiset.
            List<String> actions = records.stream().map(record -> (String) record.get("action")).sorted().toList();
            if (!actions.equals(step.getValue().actions().stream().sorted().toList())) {
                wrong.add(step.getKey() + ": " + actions + " instead of " + step.getValue().actions());
                continue;
            }
            Map<String, Object> first = records.get(records.size() - 1);
            if (((Number) first.get("outcome")).intValue() != step.getValue().status()
                    || !Objects.equals(first.get("actor_username"), step.getValue().username())) {
                wrong.add(step.getKey() + ": outcome " + first.get("outcome") + " by " + first.get("actor_username")
                        + " for HTTP " + step.getValue().status() + " by " + step.getValue().username());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(410, steps.get("read-deleted").status());
    }

    private HttpResponse<String> fhir(String name, String method, String path, String body, String token,
                                      List<String> actions, String... headers) throws Exception {
        HttpResponse<String> response = send(name, method, RunningStack.settings().appUrl() + path, body, token,
                headers);
        steps.put(name, new Step(usernameOf(token), response.statusCode(), actions));
        return response;
    }

    private void fhirUrl(String name, String method, String url, String token, String action) throws Exception {
        steps.put(name, new Step(usernameOf(token), send(name, method, url, null, token).statusCode(),
                List.of(action)));
    }

    private void admin(String name, String method, String path, String token, String action) throws Exception {
        steps.put(name, new Step(usernameOf(token), send(name, method, RunningStack.settings().appUrl()
                + "/api/admin" + path, null, token).statusCode(), List.of(action)));
    }

    private HttpResponse<String> send(String name, String method, String url, String body, String token,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("X-Request-Id", run + name);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body != null) {
            request.header("Content-Type", body.startsWith("{") ? "application/fhir+json"
                    : "application/x-www-form-urlencoded");
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The username a token names, as the audit record holds it. */
    private static String usernameOf(String token) throws Exception {
        String payload = token.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get("preferred_username").asText();
    }
}
