package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sender-constrained tokens (OAuth 2.0 DPoP, RFC 9449) for EHR clients: Keycloak binds the token of
 * {@code ehr-system-dpop} to the client's key; the API accepts it only with a fresh proof of that key made for the
 * very request and token, once — not as a bearer token, not with another key, not for another request, not twice.
 */
@ExtendWith(RunningStack.class)
class DpopIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ECKey clientKey;
    private static String token;

    @BeforeAll
    static void dpopBoundToken() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).generate();
        String tokenEndpoint = RunningStack.settings().issuer() + "/protocol/openid-connect/token";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", proof(clientKey, "POST", tokenEndpoint, null))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=ehr-system-dpop"
                        + "&client_secret=" + RunningStack.demo().client("ehr-system-dpop").secret()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("DPoP", body.get("token_type").asText());
        token = body.get("access_token").asText();
        assertEquals(clientKey.computeThumbprint().toString(), SignedJWT.parse(token).getJWTClaimsSet()
                .getJSONObjectClaim("cnf").get("jkt"), "Keycloak bound the token to the client's key");
    }

    static String proof(ECKey key, String method, String url, String accessToken) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .issueTime(new Date()).claim("htm", method).claim("htu", url);
        if (accessToken != null) {
            claims.claim("ath", Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String url(String path) {
        return RunningStack.settings().appUrl() + path;
    }

    private static int get(String path, String authorization, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization);
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aBoundTokenWithAFreshProofOfItsKeyIsAccepted() throws Exception {
        assertEquals(200, get("/api/admin/me", "DPoP " + token, proof(clientKey, "GET", url("/api/admin/me"), token)));
        assertEquals(200, get("/fhir/Patient", "DPoP " + token, proof(clientKey, "GET", url("/fhir/Patient"), token)));
    }

    @Test
    void aBoundTokenPresentedAsABearerTokenIs401() throws Exception {
        assertEquals(401, get("/api/admin/me", "Bearer " + token, null));
        assertEquals(401, get("/api/admin/me", "Bearer " + token, proof(clientKey, "GET", url("/api/admin/me"), token)));
    }

    @Test
    void aProofMadeWithAnotherKeyIs401() throws Exception {
        ECKey thief = new ECKeyGenerator(Curve.P_256).generate();
        assertEquals(401, get("/api/admin/me", "DPoP " + token, proof(thief, "GET", url("/api/admin/me"), token)));
        assertEquals(401, get("/api/admin/me", "DPoP " + token, null), "no proof at all");
    }

    @Test
    void aProofMadeForAnotherRequestOrTokenIs401() throws Exception {
        assertEquals(401, get("/api/admin/me", "DPoP " + token, proof(clientKey, "POST", url("/api/admin/me"), token)));
        assertEquals(401, get("/api/admin/me", "DPoP " + token, proof(clientKey, "GET", url("/fhir/Patient"), token)));
        assertEquals(401, get("/api/admin/me", "DPoP " + token, proof(clientKey, "GET", url("/api/admin/me"), null)));
        assertEquals(401, get("/api/admin/me", "DPoP " + token, proof(clientKey, "GET", url("/api/admin/me"),
                Tokens.client("ehr-system"))));
    }

    @Test
    void aReplayedProofIs401() throws Exception {
        String once = proof(clientKey, "GET", url("/api/admin/me"), token);
        assertEquals(200, get("/api/admin/me", "DPoP " + token, once));
        assertEquals(401, get("/api/admin/me", "DPoP " + token, once));
    }

    @Test
    void anUnboundTokenNeedsNoProofButIsRefusedUnderTheDpopScheme() throws Exception {
        String bearer = Tokens.client("ehr-system");
        assertEquals(200, get("/api/admin/me", "Bearer " + bearer, null));
        assertEquals(401, get("/api/admin/me", "DPoP " + bearer, proof(clientKey, "GET", url("/api/admin/me"), bearer)));
    }
}
