package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.crypto.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;

/**
 * The anomaly rules against their scenarios, on a tenant of the test's own with two clinicians: one reads more
 * distinct patients than the threshold and is refused repeatedly, the other reads a few — only the first is alerted
 * (the test stack's thresholds: more than 5 patients, more than 3 refusals, more than 3 failed authentications per
 * minute, exports of more than 3 resources; no working hours, so every access is after hours). Alerts are listed,
 * acknowledged with a comment, and delivered HMAC-signed to the webhook.
 */
@ExtendWith(RunningStack.class)
class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Alert-Probe-Staff-7!";
    private static String tenant;
    private static String snoop;
    private static String calm;
    private static AlertReceiver receiver;

    @BeforeAll
    static void aTenantWhereOneClinicianSnoopsAndAnotherWorksNormally() throws Exception {
        receiver = AlertReceiver.start();
        tenant = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, call("POST", "/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Alert Probe\"}", platform())
                .statusCode());
        String snoopName = "snoop." + tenant;
        String calmName = "calm." + tenant;
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            KeycloakAdmin.createStaff(KeycloakAdmin.hospital(keycloak), snoopName, PASSWORD, "/" + tenant, "clinician",
                    "totp-" + snoopName);
            KeycloakAdmin.createStaff(KeycloakAdmin.hospital(keycloak), calmName, PASSWORD, "/" + tenant, "clinician",
                    "totp-" + calmName);
        }
        snoop = login(snoopName);
        calm = login(calmName);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            patients.add(Fhir.createdId(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{"
                    + "\"family\":\"Alertprobe\"}]}", calm)));
        }
        for (String patient : patients) {
            assertEquals(200, Fhir.get("/fhir/Patient/" + patient, snoop).statusCode());
        }
        assertEquals(200, Fhir.get("/fhir/Patient/" + patients.get(0), calm).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient/" + patients.get(1), calm).statusCode());
        for (int i = 0; i < 4; i++) {
            assertEquals(403, call("GET", "/audit/events", null, snoop).statusCode());
        }
    }

    @AfterAll
    static void stopReceiving() {
        receiver.close();
    }

    @Test
    void oneUserReadingManyDistinctPatientsIsAlertedAndAUserReadingAFewIsNot() throws Exception {
        JsonNode alert = awaitAlert(tenant, node -> "many-patients".equals(node.get("rule").asText())
                && ("snoop." + tenant).equals(node.get("actorUsername").asText()));
        assertTrue(alert.get("detail").asText().startsWith("7 distinct patients read"), alert.toString());
        assertTrue(alerts(tenant, "all").stream().noneMatch(node -> "many-patients".equals(node.get("rule").asText())
                && ("calm." + tenant).equals(node.get("actorUsername").asText())), "normal reading stays silent");
    }

    @Test
    void aBurstOfRefusalsIsAlerted() throws Exception {
        JsonNode alert = awaitAlert(tenant, node -> "denials".equals(node.get("rule").asText())
                && ("snoop." + tenant).equals(node.get("actorUsername").asText()));
        assertTrue(alert.get("detail").asText().startsWith("4 requests refused"), alert.toString());
        assertTrue(alerts(tenant, "all").stream().noneMatch(node -> "denials".equals(node.get("rule").asText())
                && ("calm." + tenant).equals(node.get("actorUsername").asText())));
    }

    @Test
    void accessOutsideWorkingHoursIsAlertedOncePerUserAndDay() throws Exception {
        awaitAlert(tenant, node -> "after-hours".equals(node.get("rule").asText())
                && ("calm." + tenant).equals(node.get("actorUsername").asText()));
        assertEquals(1, alerts(tenant, "all").stream().filter(node -> "after-hours".equals(node.get("rule").asText())
                && ("calm." + tenant).equals(node.get("actorUsername").asText())).count());
    }

    @Test
    void aBurstOfFailedAuthenticationsIsAlertedOnThePlatform() throws Exception {
        Instant started = Instant.now().minusSeconds(60);
        for (int i = 0; i < 4; i++) {
            assertEquals(401, Fhir.get("/fhir/Patient", "not-a-token-" + i).statusCode());
        }
        JsonNode alert = awaitAlert(null, node -> "failed-logins".equals(node.get("rule").asText())
                && Instant.parse(node.get("raisedAt").asText()).isAfter(started));
        assertTrue(alert.get("detail").asText().contains("missing or invalid token"), alert.toString());
    }

    @Test
    void repeatedFailedSignInsAtKeycloakAreAlertedForTheAccountsTenant() throws Exception {
        String username = "calm." + tenant;
        for (int i = 0; i < 4; i++) {
            assertFalse(Tokens.requestToken(Tokens.passwordForm(username, "Wrong-Password-" + i)).hasAccessToken());
        }
        JsonNode alert = awaitAlert(tenant, node -> "failed-sign-ins".equals(node.get("rule").asText())
                && username.equals(node.get("actorUsername").asText()));
        assertTrue(alert.get("detail").asText().startsWith("4 failed sign-ins"), alert.toString());
    }

    @Test
    void aLargeBulkExportIsAlerted() throws Exception {
        String token = Tokens.client("ehr-system");
        for (int i = 0; i < 4; i++) {
            Fhir.createdId(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":"
                    + "\"Exportprobe\"}]}", token));
        }
        String status = BulkExports.kickOff("/fhir/Patient/$export?_type=Patient", token);
        BulkExports.awaitManifest(status, token);
        String job = status.substring(status.lastIndexOf('/') + 1);
        JsonNode alert = awaitAlert("general-hospital", node -> "large-export".equals(node.get("rule").asText())
                && node.get("detail").asText().contains(job));
        assertTrue(alert.get("detail").asText().contains("resources (threshold 3)"), alert.toString());
    }

    @Test
    void alertsAreDeliveredSignedToTheWebhook() throws Exception {
        awaitAlert(tenant, node -> "many-patients".equals(node.get("rule").asText()));
        WebhookSignature signature = new WebhookSignature(AlertReceiver.SECRET);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && receiver.deliveries().stream()
                .noneMatch(delivery -> delivery.body().contains("\"tenant\":\"" + tenant + "\""))) {
            Thread.sleep(500);
        }
        AlertReceiver.Delivery delivery = receiver.deliveries().stream()
                .filter(received -> received.body().contains("\"tenant\":\"" + tenant + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no alert of the tenant reached the webhook"));
        assertTrue(signature.matches(delivery.signature(), delivery.body()), delivery.toString());
        assertFalse(signature.matches(delivery.signature(), delivery.body().replace(tenant, "other")),
                "the signature covers the body");
        assertFalse(new WebhookSignature("another-secret-of-thirty-two-characters!").matches(delivery.signature(),
                delivery.body()));
    }

    @Test
    void privacyOfficersAcknowledgeAnAlertWithAComment() throws Exception {
        JsonNode alert = awaitAlert(tenant, node -> "many-patients".equals(node.get("rule").asText()));
        String path = "/alerts/" + alert.get("id").asText() + "/acknowledge?tenant=" + tenant;
        assertEquals(400, call("POST", path, "{\"comment\":\" \"}", platform()).statusCode());
        HttpResponse<String> acknowledged = call("POST", path, "{\"comment\":\"Spoke with the clinician: a"
                + " ward round.\"}", platform());
        assertEquals(200, acknowledged.statusCode(), acknowledged.body());
        assertEquals("platform.admin", JSON.readTree(acknowledged.body()).get("acknowledgedBy").asText());
        assertTrue(alerts(tenant, "open").stream().noneMatch(node -> node.get("id").equals(alert.get("id"))));
        assertEquals(404, call("POST", path, "{\"comment\":\"again\"}", platform()).statusCode(), "not open any more");
        assertEquals(403, call("GET", "/alerts", null, snoop).statusCode());
        assertEquals(200, call("GET", "/alerts", null, Tokens.staff("privacy-officer.general")).statusCode());
        assertEquals(404, call("GET", "/alerts?tenant=" + tenant, null, Tokens.staff("privacy-officer.general"))
                .statusCode(), "another tenant's alerts");
    }

    private static JsonNode awaitAlert(String tenantId, Predicate<JsonNode> wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(40);
        while (true) {
            for (JsonNode node : alerts(tenantId, "all")) {
                if (wanted.test(node)) {
                    return node;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no such alert; the tenant's alerts: " + alerts(tenantId, "all"));
            }
            Thread.sleep(500);
        }
    }

    private static List<JsonNode> alerts(String tenantId, String state) throws Exception {
        HttpResponse<String> listed = call("GET", "/alerts?state=" + state + "&max=200"
                + (tenantId == null ? "" : "&tenant=" + tenantId), null, platform());
        assertEquals(200, listed.statusCode(), listed.body());
        List<JsonNode> nodes = new ArrayList<>();
        JSON.readTree(listed.body()).forEach(nodes::add);
        return nodes;
    }

    private static String login(String username) {
        return Tokens.testStaff(username, PASSWORD);
    }

    private static String platform() {
        return Tokens.staff("platform.admin");
    }
}
