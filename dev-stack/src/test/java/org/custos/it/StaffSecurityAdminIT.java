package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;

/**
 * The administrator's levers on staff sign-ins, against the real Keycloak: role changes, sign-in sessions and
 * lockouts. Each takes effect at the affected person's next call, and reaches only the administrator's own tenant.
 */
@ExtendWith(RunningStack.class)
class StaffSecurityAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Staff-Security-Probe-9!";

    @Test
    void aRoleChangeTakesEffectAtTheNextCall() throws Exception {
        String username = newUser("roles");
        Map<String, String> login = Tokens.passwordForm(username, PASSWORD);
        JsonNode session = Tokens.requestToken(login).body();
        String before = session.get("access_token").asText();
        assertEquals(403, Fhir.get("/fhir/Patient?family=Nobody", before).statusCode(), "no role yet");

        HttpResponse<String> changed = call("PUT", "/users/" + username + "/roles", "{\"roles\":[\"nurse\"]}",
                admin());
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(List.of("nurse"), JSON.convertValue(JSON.readTree(changed.body()).get("roles"), List.class));
        assertEquals(401, Fhir.get("/fhir/Patient?family=Nobody", before).statusCode(),
                "a token with the old roles is refused");
        Thread.sleep(1100); // tokens carry their issue time in whole seconds
        String renewed = refresh(session.get("refresh_token").asText());
        assertEquals(200, Fhir.get("/fhir/Patient?family=Nobody", renewed).statusCode(), "the new role counts");
        assertEquals(403, Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\"}", renewed).statusCode(),
                "a nurse does not write");
    }

    @Test
    void roleChangesAreCheckedAndAnAdministratorCannotDemoteThemself() throws Exception {
        String username = newUser("badroles");
        assertEquals(400, call("PUT", "/users/" + username + "/roles", "{\"roles\":[\"superuser\"]}", admin())
                .statusCode());
        assertEquals(400, call("PUT", "/users/" + username + "/roles", "{\"roles\":[]}", admin()).statusCode());
        assertEquals(400, call("PUT", "/users/" + username + "/roles", "{\"roles\":[\"patient\"]}", admin())
                .statusCode(), "only staff roles are handed out here");
        HttpResponse<String> self = call("PUT", "/users/admin.general/roles", "{\"roles\":[\"clinician\"]}", admin());
        assertEquals(409, self.statusCode(), self.body());
        assertTrue(self.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void sessionsAreListedAndEndingOneRefusesItsTokensAtOnce() throws Exception {
        String username = newUser("sessions");
        String first = Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).body().get("access_token").asText();
        String second = Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).body().get("access_token").asText();
        HttpResponse<String> listed = call("GET", "/users/" + username + "/sessions", null, admin());
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode sessions = JSON.readTree(listed.body());
        assertEquals(2, sessions.size(), listed.body());
        assertEquals("custos-cli", sessions.get(0).get("clients").get(0).asText());
        String firstSession = sessionOf(first);
        assertTrue(listed.body().contains(firstSession));

        assertEquals(204, call("DELETE", "/users/" + username + "/sessions/" + firstSession, null, admin())
                .statusCode());
        assertEquals(401, Fhir.get("/api/admin/me", first).statusCode(), "the ended session's token is refused");
        assertEquals(200, Fhir.get("/api/admin/me", second).statusCode(), "the other session goes on");
        assertEquals(404, call("DELETE", "/users/" + username + "/sessions/" + firstSession, null, admin())
                .statusCode(), "ended already");

        assertEquals(204, call("DELETE", "/users/" + username + "/sessions", null, admin()).statusCode());
        assertEquals(401, Fhir.get("/api/admin/me", second).statusCode());
        assertEquals("[]", call("GET", "/users/" + username + "/sessions", null, admin()).body());
    }

    @Test
    void failedSignInsAndLockoutsAreShownAndCanBeLifted() throws Exception {
        String username = newUser("lockout");
        for (int attempt = 0; attempt < 5; attempt++) {
            assertFalse(Tokens.requestToken(Tokens.passwordForm(username, "Wrong-Password-1!")).hasAccessToken());
        }
        assertFalse(Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).hasAccessToken(), "locked");
        JsonNode status = JSON.readTree(call("GET", "/users/" + username + "/sign-in-status", null, admin()).body());
        assertTrue(status.get("locked").asBoolean(), status.toString());
        // Failures in quick succession lock the account early (the realm's quick-login check), so count loosely.
        assertTrue(status.get("failures").asInt() >= 1, status.toString());
        assertTrue(status.get("recentFailures").toString().contains("invalid_user_credentials"), status.toString());
        assertEquals("custos-cli", status.get("recentFailures").get(0).get("client").asText());

        List<String> failed = new ArrayList<>();
        JSON.readTree(call("GET", "/sign-in-failures?max=100", null, admin()).body())
                .forEach(failure -> failed.add(failure.get("username").asText()));
        assertTrue(failed.contains(username), failed.toString());
        List<String> seenByOtherTenant = new ArrayList<>();
        JSON.readTree(call("GET", "/sign-in-failures?max=100", null, Tokens.staff("admin.riverside")).body())
                .forEach(failure -> seenByOtherTenant.add(failure.get("username").asText()));
        assertFalse(seenByOtherTenant.contains(username), "another tenant's failures are not shown");

        HttpResponse<String> unlocked = call("POST", "/users/" + username + "/unlock", null, admin());
        assertEquals(200, unlocked.statusCode(), unlocked.body());
        assertFalse(JSON.readTree(unlocked.body()).get("locked").asBoolean());
        assertTrue(Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).hasAccessToken(), "signs in again");
    }

    @Test
    void anotherTenantsAccountsAreOutOfReachAndOnlyAdministratorsGetIn() throws Exception {
        String username = newUser("reach");
        String riverside = Tokens.staff("admin.riverside");
        for (String path : List.of("/users/" + username + "/sessions", "/users/" + username + "/sign-in-status")) {
            assertEquals(404, call("GET", path, null, riverside).statusCode(), path);
        }
        assertEquals(404, call("PUT", "/users/" + username + "/roles", "{\"roles\":[\"nurse\"]}", riverside)
                .statusCode());
        assertEquals(404, call("DELETE", "/users/" + username + "/sessions", null, riverside).statusCode());
        assertEquals(404, call("POST", "/users/" + username + "/unlock", null, riverside).statusCode());
        String clinician = Tokens.staff("clinician.general");
        assertEquals(403, call("GET", "/users/" + username + "/sessions", null, clinician).statusCode());
        assertEquals(403, call("GET", "/sign-in-failures", null, clinician).statusCode());
        assertEquals(403, call("PUT", "/users/" + username + "/roles", "{\"roles\":[\"admin\"]}", clinician)
                .statusCode());
    }

    private static String newUser(String purpose) {
        String username = "probe." + purpose + "." + UUID.randomUUID().toString().substring(0, 8);
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            KeycloakAdmin.createUser(KeycloakAdmin.hospital(keycloak), username, PASSWORD);
        }
        return username;
    }

    private static String refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", "custos-cli");
        form.put("refresh_token", refreshToken);
        Tokens.TokenResponse response = Tokens.requestToken(form);
        assertTrue(response.hasAccessToken(), response.body().toString());
        return response.body().get("access_token").asText();
    }

    private static String sessionOf(String token) throws Exception {
        String payload = token.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get("sid").asText();
    }

    private static String admin() {
        return Tokens.staff("admin.general");
    }
}
