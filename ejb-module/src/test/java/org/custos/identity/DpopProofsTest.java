package org.custos.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Date;
import java.util.UUID;

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

/** The DPoP proof checks of RFC 9449 §4.3, with keys made in the test. */
class DpopProofsTest {

    private static final String URL = "https://fhir.example.org/fhir/Patient/123";
    private static final String TOKEN = "eyJ.access.token";
    private static ECKey clientKey;

    @BeforeAll
    static void key() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).generate();
    }

    private static String proof(ECKey key, String method, String htu, String token, Date issued, String type)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).issueTime(issued)
                .claim("htm", method).claim("htu", htu);
        if (token != null) {
            claims.claim("ath", Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII))).toString());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
                .jwk(key.toPublicJWK()).build(), claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String good() throws Exception {
        return proof(clientKey, "GET", URL, TOKEN, new Date(), "dpop+jwt");
    }

    private static String bound() throws Exception {
        return clientKey.computeThumbprint().toString();
    }

    @Test
    void acceptsAFreshProofOfTheBoundKeyForThisRequestOnce() throws Exception {
        DpopProofs proofs = new DpopProofs();
        String proof = good();
        assertTrue(proofs.accepts(proof, "GET", URL, TOKEN, bound()));
        assertFalse(proofs.accepts(proof, "GET", URL, TOKEN, bound()), "replayed");
    }

    @Test
    void refusesProofsOfAnotherKeyRequestTokenTimeOrType() throws Exception {
        DpopProofs proofs = new DpopProofs();
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        assertFalse(proofs.accepts(proof(other, "GET", URL, TOKEN, new Date(), "dpop+jwt"), "GET", URL, TOKEN, bound()));
        assertFalse(proofs.accepts(good(), "POST", URL, TOKEN, bound()));
        assertFalse(proofs.accepts(good(), "GET", URL + "/_history", TOKEN, bound()));
        assertFalse(proofs.accepts(good(), "GET", URL, "another.token", bound()));
        assertFalse(proofs.accepts(proof(clientKey, "GET", URL, null, new Date(), "dpop+jwt"), "GET", URL, TOKEN, bound()));
        assertFalse(proofs.accepts(proof(clientKey, "GET", URL, TOKEN, new Date(System.currentTimeMillis() - 300_000),
                "dpop+jwt"), "GET", URL, TOKEN, bound()));
        assertFalse(proofs.accepts(proof(clientKey, "GET", URL, TOKEN, new Date(), "JWT"), "GET", URL, TOKEN, bound()));
        assertFalse(proofs.accepts("garbage", "GET", URL, TOKEN, bound()));
    }

    @Test
    void comparesUrlsWithoutCaseOfSchemeAndHostAndWithDefaultPorts() throws Exception {
        DpopProofs proofs = new DpopProofs();
        assertTrue(proofs.accepts(proof(clientKey, "GET", "HTTPS://FHIR.example.org:443/fhir/Patient/123", TOKEN,
                new Date(), "dpop+jwt"), "GET", URL, TOKEN, bound()));
    }
}
