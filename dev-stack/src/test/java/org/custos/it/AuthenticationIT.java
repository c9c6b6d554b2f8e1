package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

/** Only valid Keycloak access tokens meant for this API get in; everything else is a 401 challenge. */
@ExtendWith(RunningStack.class)
class AuthenticationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void capabilityStatementNeedsNoToken() {
        HttpResponse<String> response = Fhir.get("/fhir/metadata", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("CapabilityStatement"));
        assertTrue(response.body().contains(RunningStack.settings().issuer() + "/protocol/openid-connect/token"),
                "tells clients where to get tokens");
    }

    @Test
    void fhirWithoutTokenIs401WithBearerChallengeAndOperationOutcome() {
        HttpResponse<String> response = Fhir.get("/fhir/Patient", null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(response.body().contains("OperationOutcome"));
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(response.body().contains(requestId), "the error names the request id");
    }

    @Test
    void adminApiWithoutTokenIs401ProblemJson() {
        HttpResponse<String> response = Fhir.get("/api/admin/me", null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void tokenSignedByAnotherKeyIs401() throws Exception {
        SignedJWT genuine = SignedJWT.parse(Tokens.client("ehr-system"));
        RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(genuine.getHeader().getKeyID()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(attackerKey));

        HttpResponse<String> response = Fhir.get("/fhir/Patient", forged.serialize());
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void unsignedTokenWithAlgNoneIs401() throws Exception {
        String genuine = Tokens.client("ehr-system");
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String unsigned = header + "." + genuine.split("\\.")[1] + ".";
        assertEquals(401, Fhir.get("/fhir/Patient", unsigned).statusCode());
    }

    @Test
    void tokenForAnotherAudienceIs401() throws Exception {
        String token = Tokens.client("unrelated-app");
        assertFalse(SignedJWT.parse(token).getJWTClaimsSet().getAudience().contains("fhir-api"));
        assertEquals(401, Fhir.get("/fhir/Patient", token).statusCode());
        assertEquals(401, Fhir.get("/api/admin/me", token).statusCode());
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String clientId = "expiry-probe-" + UUID.randomUUID();
        String secret = UUID.randomUUID().toString();
        try (Keycloak admin = KeycloakAdmin.connect()) {
            ClientRepresentation probe = new ClientRepresentation();
            probe.setClientId(clientId);
            probe.setSecret(secret);
            probe.setPublicClient(false);
            probe.setServiceAccountsEnabled(true);
            probe.setStandardFlowEnabled(false);
            probe.setDefaultClientScopes(List.of("basic", "fhir-api-audience", "custos-claims"));
            probe.setAttributes(Map.of("access.token.lifespan", "1"));
            KeycloakAdmin.hospital(admin).clients().create(probe).close();
            try {
                String token = Tokens.clientWithSecret(clientId, secret);
                assertEquals(200, Fhir.get("/api/admin/me", token).statusCode(), "accepted while fresh");
                // Past exp plus the configured clock skew (5 s).
                Thread.sleep(8_000);
                assertEquals(401, Fhir.get("/fhir/Patient", token).statusCode());
                assertEquals(401, Fhir.get("/api/admin/me", token).statusCode());
            } finally {
                KeycloakAdmin.clientOf(admin, clientId).remove();
            }
        }
    }

    @Test
    void meReportsIdentityFromTheTokenOnly() throws Exception {
        HttpResponse<String> response = Fhir.get("/api/admin/me", Tokens.staff("clinician.general"));
        assertEquals(200, response.statusCode());
        JsonNode me = JSON.readTree(response.body());
        assertEquals("clinician.general", me.get("username").asText());
        assertEquals("general-hospital", me.get("tenant").asText());
        assertEquals("custos-cli", me.get("clientId").asText());
        assertTrue(JSON.convertValue(me.get("roles"), Set.class).contains("clinician"));
        assertFalse(me.get("subject").asText().isBlank());
    }

    @Test
    void tenantHeaderCannotOverrideTheToken() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(RunningStack.settings().appUrl() + "/api/admin/me"))
                .header("Authorization", "Bearer " + Tokens.client("ehr-system"))
                .header("X-Tenant", "riverside-clinic")
                .build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals("general-hospital", JSON.readTree(response.body()).get("tenant").asText());
    }

    /** The attacker's key rides in the token ({@code jwk}) or is fetched from where the token says ({@code jku}). */
    @Test
    void tokenSignedByAKeyItNamesItselfIs401() throws Exception {
        SignedJWT genuine = SignedJWT.parse(Tokens.client("ehr-system"));
        RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT embedded = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(attackerKey.getKeyID()).jwk(attackerKey.toPublicJWK()).build(), genuine.getJWTClaimsSet());
        embedded.sign(new RSASSASigner(attackerKey));
        assertEquals(401, Fhir.get("/fhir/Patient", embedded.serialize()).statusCode());

        RSAKey elsewhere = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
        SignedJWT pointing = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID("attacker-key").jwkURL(java.net.URI.create("http://localhost:1/jwks.json")).build(),
                genuine.getJWTClaimsSet());
        pointing.sign(new RSASSASigner(elsewhere));
        assertEquals(401, Fhir.get("/fhir/Patient", pointing.serialize()).statusCode());
    }

    /** Keycloak's master realm is another issuer with other keys, on the same server. */
    @Test
    void tokenOfAnotherRealmOfTheSameKeycloakIs401() throws Exception {
        try (Keycloak admin = KeycloakAdmin.connect()) {
            String masterToken = admin.tokenManager().getAccessTokenString();
            assertFalse(SignedJWT.parse(masterToken).getJWTClaimsSet().getIssuer().equals(RunningStack.settings().issuer()));
            assertEquals(401, Fhir.get("/fhir/Patient", masterToken).statusCode());
            assertEquals(401, Fhir.get("/api/admin/me", masterToken).statusCode());
        }
    }
}
