package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;


import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.custos.devstack.Artifacts;
import org.custos.devstack.PayaraMicroServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * A token stops working at its next call — not when it expires — once its login session ends: an administrator
 * ends the user's sessions (Keycloak reports it by OpenID Connect back-channel logout). A replayed refresh token is
 * refused and ends the session. A forged logout token revokes nothing.
 */
@ExtendWith(RunningStack.class)
class TokenRevocationIT {

    private static final String PASSWORD = "Revocation-Probe-9!";
    private static final HttpClient HTTP = HttpClient.newHttpClient();


    private static Tokens.TokenResponse login(String username) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "custos-cli");
        form.put("username", username);
        form.put("password", PASSWORD);
        Tokens.TokenResponse response = Tokens.requestToken(form);
        assertTrue(response.hasAccessToken(), response.body().toString());
        return response;
    }

    private static Tokens.TokenResponse refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", "custos-cli");
        form.put("refresh_token", refreshToken);
        return Tokens.requestToken(form);
    }

    private static int me(String accessToken) {
        return Fhir.get("/api/admin/me", accessToken).statusCode();
    }

    @Test
    void aTokenOfASessionAnAdministratorEndedIs401AtItsNextCall() {
        String username = "revoke.sessions." + UUID.randomUUID().toString().substring(0, 8);
        try (Keycloak admin = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(admin);
            String userId = KeycloakAdmin.createUser(realm, username, PASSWORD);
            String token = login(username).body().get("access_token").asText();
            assertEquals(200, me(token));
            String bystander = Tokens.staff("clinician.general");

            realm.users().get(userId).logout();

            assertEquals(401, me(token), "refused at once, minutes before it expires");
            assertEquals(401, Fhir.get("/fhir/Patient", token).statusCode());
            assertEquals(200, me(bystander), "other users' tokens are unaffected");
            assertEquals(200, me(login(username).body().get("access_token").asText()), "a new login works");
            realm.users().get(userId).remove();
        }
    }

    /**
     * Keycloak reports the end of a session to one server; every other server of the cluster refuses its tokens too
     * (the revocation travels through PostgreSQL NOTIFY), within moments.
     */
    @Test
    void aSessionEndedIsRefusedByEveryServerOfTheCluster() throws Exception {
        int port = RunningStack.freePort();
        String username = "revoke.cluster." + UUID.randomUUID().toString().substring(0, 8);
        try (PayaraMicroServer secondServer = PayaraMicroServer.startVariant("payara-micro-second-node", port,
                RunningStack.stack(), Artifacts.fromBuild(), Map.of());
             Keycloak admin = KeycloakAdmin.connect()) {
            URI meOnSecond = URI.create("http://localhost:" + port + "/api/admin/me");
            RealmResource realm = KeycloakAdmin.hospital(admin);
            String userId = KeycloakAdmin.createUser(realm, username, PASSWORD);
            String token = login(username).body().get("access_token").asText();
            assertEquals(200, get(meOnSecond, token));

            realm.users().get(userId).logout();
            long ended = System.nanoTime();
            int status = get(meOnSecond, token);
            while (status == 200 && System.nanoTime() - ended < 2_000_000_000L) {
                Thread.sleep(20);
                status = get(meOnSecond, token);
            }
            long millis = (System.nanoTime() - ended) / 1_000_000;
            assertEquals(401, status, "the second server refuses it too");
            java.util.logging.Logger.getLogger(getClass().getName()).info(() -> "second server refused the token "
                    + millis + " ms after the session ended");
            realm.users().get(userId).remove();
        }
    }

    private static int get(URI uri, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aReplayedRefreshTokenIsRefusedAndEndsTheSession() {
        String username = "revoke.replay." + UUID.randomUUID().toString().substring(0, 8);
        try (Keycloak admin = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(admin);
            String userId = KeycloakAdmin.createUser(realm, username, PASSWORD);
            String first = login(username).body().get("refresh_token").asText();
            Tokens.TokenResponse rotated = refresh(first);
            assertTrue(rotated.hasAccessToken(), rotated.body().toString());
            String second = rotated.body().get("refresh_token").asText();
            assertTrue(!second.equals(first), "refresh tokens rotate");

            Tokens.TokenResponse replay = refresh(first);
            assertEquals(400, replay.status());
            assertEquals("invalid_grant", replay.body().get("error").asText());
            Tokens.TokenResponse afterReplay = refresh(second);
            assertEquals(400, afterReplay.status(), "the replay ended the session: its newest refresh token is dead too");
            realm.users().get(userId).remove();
        }
    }

    @Test
    void aForgedLogoutTokenIsRefusedAndRevokesNothing() throws Exception {
        String token = Tokens.staff("nurse.general");
        SignedJWT genuine = SignedJWT.parse(token);
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("logout+jwt")).keyID(attacker.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(genuine.getJWTClaimsSet().getIssuer()).audience("custos-cli")
                        .issueTime(new Date()).jwtID(UUID.randomUUID().toString())
                        .subject(genuine.getJWTClaimsSet().getSubject())
                        .claim("sid", genuine.getJWTClaimsSet().getStringClaim("sid"))
                        .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                        .build());
        forged.sign(new RSASSASigner(attacker));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl()
                        + "/auth/backchannel-logout")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(forged.serialize(),
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("invalid_request"));
        assertEquals(200, me(token), "the session was not revoked");
    }
}
