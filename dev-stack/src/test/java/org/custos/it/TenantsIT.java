package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * {@code /api/admin/tenants} against the real Keycloak and PostgreSQL: the platform administrator creates a tenant
 * (its Keycloak group makes its members' tokens carry it), each tenant's administrator configures only their own,
 * and the request rate they set is enforced.
 */
@ExtendWith(RunningStack.class)
class TenantsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Tenant-Member-Probe-9!";

    @Test
    void aNewTenantsMembersCarryItInTheirTokensAndItsRequestRateIsEnforced() throws Exception {
        String tenant = "clinic-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = call("POST", "/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Probe Clinic\","
                + "\"consentDefault\":\"deny\",\"auditRetentionDays\":3000,\"requestsPerMinute\":12}", platform());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("deny", JSON.readTree(created.body()).get("consentDefault").asText());

        String username = "member." + tenant;
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(keycloak);
            assertEquals(List.of(tenant), realm.getGroupByPath("/" + tenant).getAttributes().get("tenant"));
            KeycloakAdmin.createUser(realm, username, PASSWORD, "/" + tenant);
        }
        String token = login(username);
        HttpResponse<String> me = call("GET", "/me", null, token);
        assertEquals(tenant, JSON.readTree(me.body()).get("tenant").asText(), me.body());

        List<Integer> statuses = new ArrayList<>(List.of(me.statusCode()));
        HttpResponse<String> limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            HttpResponse<String> response = call("GET", "/me", null, token);
            statuses.add(response.statusCode());
            limited = response.statusCode() == 429 ? response : null;
        }
        assertTrue(limited != null, "12 per minute allowed, then 429: " + statuses);
        assertEquals(12, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
        assertEquals("5", limited.headers().firstValue("Retry-After").orElse(""));
        assertTrue(limited.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(200, call("GET", "/ping", null, Tokens.staff("admin.general")).statusCode(),
                "other tenants are not held back");

        assertEquals(200, call("PUT", "/tenants/" + tenant, "{\"name\":\"Probe Clinic\",\"consentDefault\":\"deny\","
                + "\"auditRetentionDays\":3000,\"requestsPerMinute\":1000}", platform()).statusCode());
        assertEquals(200, call("GET", "/me", null, token).statusCode(), "the new rate applies at once");
    }

    @Test
    void aTenantAdministratorReadsAndConfiguresOnlyTheirOwnTenant() throws Exception {
        String admin = Tokens.staff("admin.general");
        HttpResponse<String> own = call("GET", "/tenants/general-hospital", null, admin);
        assertEquals(200, own.statusCode(), own.body());
        String settings = "{\"name\":\"General Hospital\",\"consentDefault\":\"permit\",\"auditRetentionDays\":2555,"
                + "\"requestsPerMinute\":600000}";
        HttpResponse<String> saved = call("PUT", "/tenants/general-hospital", settings, admin);
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(2555, JSON.readTree(call("GET", "/tenants/general-hospital", null, admin).body())
                .get("auditRetentionDays").asInt());

        assertEquals(404, call("GET", "/tenants/riverside-clinic", null, admin).statusCode());
        assertEquals(404, call("PUT", "/tenants/riverside-clinic", settings, admin).statusCode());
        assertEquals(403, call("GET", "/tenants", null, admin).statusCode(), "listing all is the platform's");
        assertEquals(403, call("POST", "/tenants", "{\"id\":\"x-clinic\",\"name\":\"X\"}", admin).statusCode());
        assertEquals(403, call("GET", "/tenants/general-hospital", null, Tokens.staff("clinician.general"))
                .statusCode());
    }

    @Test
    void thePlatformAdministratorSeesEveryTenantButNoPatientData() throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(call("GET", "/tenants", null, platform()).body()).forEach(t -> ids.add(t.get("id").asText()));
        assertTrue(ids.containsAll(List.of("general-hospital", "riverside-clinic")), ids.toString());
        assertEquals(403, Fhir.get("/fhir/Patient?family=Anyone", platform()).statusCode());
        assertEquals(403, call("GET", "/users", null, platform()).statusCode(), "accounts are each tenant's");
    }

    @Test
    void badTenantsAreRefusedAndNothingIsCreated() throws Exception {
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        for (String body : List.of(
                "{\"id\":\"Bad Id\",\"name\":\"X\"}",
                "{\"id\":\"" + id + "\",\"name\":\"X\",\"consentDefault\":\"maybe\"}",
                "{\"id\":\"" + id + "\",\"name\":\"X\",\"auditRetentionDays\":30}",
                "{\"id\":\"" + id + "\",\"name\":\"\"}",
                "{\"name\":\"No id\"}")) {
            HttpResponse<String> refused = call("POST", "/tenants", body, platform());
            assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
        }
        assertEquals(409, call("POST", "/tenants", "{\"id\":\"general-hospital\",\"name\":\"Again\"}", platform())
                .statusCode());
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            assertFalse(KeycloakAdmin.hospital(keycloak).groups().groups().stream()
                    .anyMatch(group -> group.getName().equals(id)), "no group was left behind");
        }
    }

    private static String platform() {
        return Tokens.staff("platform.admin");
    }

    private static String login(String username) {
        Tokens.TokenResponse response = Tokens.requestToken(Tokens.passwordForm(username, PASSWORD));
        assertTrue(response.hasAccessToken(), response.body().toString());
        return response.body().get("access_token").asText();
    }
}
