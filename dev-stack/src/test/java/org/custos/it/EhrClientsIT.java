package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/admin/clients} against the real Keycloak: an administrator registers an EHR system with SMART system
 * scopes, its tokens carry exactly those and work within them, its secret is rotated and it is disabled — each
 * effective at once — and other tenants cannot see or touch it.
 */
@ExtendWith(RunningStack.class)
class EhrClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRegisteredClientGetsTokensWithExactlyItsScopesForItsTenant() throws Exception {
        String clientId = unique();
        HttpResponse<String> registered = register(clientId, "[\"system/Observation.rs\",\"system/Immunization.rs\"]",
                false);
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals("no-store", registered.headers().firstValue("Cache-Control").orElse(""));
        String secret = JSON.readTree(registered.body()).get("secret").asText();

        String token = Tokens.clientWithSecret(clientId, secret);
        JsonNode claims = claims(token);
        List<String> scopes = List.of(claims.get("scope").asText().split(" "));
        assertTrue(scopes.containsAll(List.of("system/Observation.rs", "system/Immunization.rs")), scopes.toString());
        assertFalse(scopes.stream().anyMatch(scope -> scope.startsWith("system/*")), scopes.toString());
        assertEquals("general-hospital", claims.get("tenant").asText());
        assertTrue(claims.get("groups").toString().contains("ehr-client"));

        assertEquals(200, Fhir.get("/fhir/Observation?code=8867-4", token).statusCode());
        assertEquals(200, Fhir.get("/fhir/Immunization?status=completed", token).statusCode(),
                "a scope the realm did not offer before was created for the client");
        assertEquals(403, Fhir.get("/fhir/Patient?family=Anyone", token).statusCode());
        assertEquals(403, Fhir.post("/fhir/Observation", "{\"resourceType\":\"Observation\"}", token).statusCode());

        JsonNode listed = find(call("GET", "/clients", null, admin()), clientId);
        assertEquals(List.of("system/Immunization.rs", "system/Observation.rs"),
                JSON.convertValue(listed.get("scopes"), List.class));
        assertFalse(listed.has("secret"), "a listing never shows secrets");
        assertEquals(null, find(call("GET", "/clients", null, Tokens.staff("admin.riverside")), clientId),
                "another tenant does not see it");
    }

    @Test
    void rotatingTheSecretRetiresTheOldOneAndItsTokensAtOnce() throws Exception {
        String clientId = unique();
        String oldSecret = JSON.readTree(register(clientId, "[\"system/*.rs\"]", false).body()).get("secret").asText();
        String oldToken = Tokens.clientWithSecret(clientId, oldSecret);
        assertEquals(200, Fhir.get("/fhir/Patient?family=Anyone", oldToken).statusCode());

        HttpResponse<String> rotated = call("POST", "/clients/" + clientId + "/secret", null, admin());
        assertEquals(200, rotated.statusCode(), rotated.body());
        String newSecret = JSON.readTree(rotated.body()).get("secret").asText();
        assertFalse(newSecret.equals(oldSecret));
        assertEquals(401, Fhir.get("/fhir/Patient?family=Anyone", oldToken).statusCode(), "old token refused");
        assertFalse(Tokens.requestToken(Tokens.clientCredentials(clientId, oldSecret)).hasAccessToken(), "old secret dead");
        Thread.sleep(1100); // tokens carry their issue time in whole seconds
        assertEquals(200, Fhir.get("/fhir/Patient?family=Anyone", Tokens.clientWithSecret(clientId, newSecret))
                .statusCode());
    }

    @Test
    void aDisabledClientGetsNoTokensAndItsTokensAreRefused() throws Exception {
        String clientId = unique();
        String secret = JSON.readTree(register(clientId, "[\"system/*.rs\"]", false).body()).get("secret").asText();
        String token = Tokens.clientWithSecret(clientId, secret);
        HttpResponse<String> disabled = call("POST", "/clients/" + clientId + "/disable", null, admin());
        assertFalse(JSON.readTree(disabled.body()).get("enabled").asBoolean(), disabled.body());
        assertEquals(401, Fhir.get("/fhir/Patient?family=Anyone", token).statusCode());
        assertFalse(Tokens.requestToken(Tokens.clientCredentials(clientId, secret)).hasAccessToken());
        assertEquals(200, call("POST", "/clients/" + clientId + "/enable", null, admin()).statusCode());
        Thread.sleep(1100);
        assertEquals(200, Fhir.get("/fhir/Patient?family=Anyone", Tokens.clientWithSecret(clientId, secret))
                .statusCode());
    }

    @Test
    void aDpopBoundClientGetsNoTokenWithoutAProof() throws Exception {
        String clientId = unique();
        String secret = JSON.readTree(register(clientId, "[\"system/*.rs\"]", true).body()).get("secret").asText();
        assertTrue(find(call("GET", "/clients", null, admin()), clientId).get("dpopBound").asBoolean());
        assertFalse(Tokens.requestToken(Tokens.clientCredentials(clientId, secret)).hasAccessToken(),
                "Keycloak demands a DPoP proof at the token endpoint");
    }

    @Test
    void badRegistrationsAreRefusedAndNothingIsCreated() throws Exception {
        String clientId = unique();
        assertEquals(400, register(clientId, "[\"user/*.rs\"]", false).statusCode(), "backend scopes only");
        assertEquals(400, register(clientId, "[\"system/*.rs?category=x\"]", false).statusCode());
        assertEquals(400, register("Not An Id", "[\"system/*.rs\"]", false).statusCode());
        assertEquals(400, register(clientId, "[]", false).statusCode());
        assertEquals(null, find(call("GET", "/clients", null, admin()), clientId), "nothing was created");
        HttpResponse<String> taken = register("ehr-system", "[\"system/*.rs\"]", false);
        assertEquals(409, taken.statusCode(), taken.body());
        assertTrue(taken.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void anotherTenantsClientsAreOutOfReachAndOnlyAdministratorsGetIn() throws Exception {
        String riverside = Tokens.staff("admin.riverside");
        assertEquals(404, call("POST", "/clients/ehr-system/secret", null, riverside).statusCode());
        assertEquals(404, call("POST", "/clients/ehr-system/disable", null, riverside).statusCode());
        String clinician = Tokens.staff("clinician.general");
        assertEquals(403, call("GET", "/clients", null, clinician).statusCode());
        assertEquals(403, call("POST", "/clients/ehr-system/secret", null, clinician).statusCode());
        assertEquals(200, Fhir.get("/fhir/Patient?family=Anyone", Tokens.client("ehr-system")).statusCode(),
                "the demo client was not touched");
    }

    private static HttpResponse<String> register(String clientId, String scopes, boolean dpop) throws Exception {
        return call("POST", "/clients", "{\"clientId\":\"" + clientId + "\",\"name\":\"Lab system\",\"scopes\":"
                + scopes + ",\"dpopBound\":" + dpop + "}", admin());
    }

    private static JsonNode find(HttpResponse<String> listing, String clientId) throws Exception {
        assertEquals(200, listing.statusCode(), listing.body());
        List<JsonNode> matches = new ArrayList<>();
        JSON.readTree(listing.body()).forEach(client -> {
            if (clientId.equals(client.get("clientId").asText())) {
                matches.add(client);
            }
        });
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static JsonNode claims(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static String unique() {
        return "lab-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String admin() {
        return Tokens.staff("admin.general");
    }
}
