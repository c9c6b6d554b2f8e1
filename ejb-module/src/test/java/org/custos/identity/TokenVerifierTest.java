package org.custos.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token checks, with keys made in the test: every kind of bad token is refused, a good one accepted. */
class TokenVerifierTest {

    private static final String ISSUER = "https://idp.example.org/realms/hospital";
    private static RSAKey realmKey;
    private static TokenVerifier verifier;

    @BeforeAll
    static void realm() throws Exception {
        realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
        verifier = new TokenVerifier(ISSUER, "fhir-api", JWSAlgorithm.RS256,
                new ImmutableJWKSet<SecurityContext>(new JWKSet(realmKey.toPublicJWK())), 5);
    }

    private static JWTClaimsSet.Builder validClaims() {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(UUID.randomUUID().toString())
                .audience(List.of("fhir-api"))
                .issueTime(new Date(now))
                .expirationTime(new Date(now + 300_000))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", "clinician.general")
                .claim("tenant", "general-hospital")
                .claim("groups", List.of("clinician", "staff"));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void acceptsARealmSignedTokenForThisAudience() throws Exception {
        ValidatedToken token = verifier.verify(sign(validClaims().build(), realmKey)).orElseThrow();
        assertEquals("clinician.general", token.getName());
        assertEquals(java.util.Set.of("clinician", "staff"), token.getGroups());
        assertEquals("general-hospital", Caller.fromToken(token).tenant().orElseThrow());
    }

    @Test
    void refusesATokenSignedByAnotherKeyWithTheRealmsKeyId() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(realmKey.getKeyID()).generate();
        assertTrue(verifier.verify(sign(validClaims().build(), attacker)).isEmpty());
    }

    @Test
    void aKeyReplacedUnderTheSameKeyIdVerifiesWithTheNewKeyOnly() throws Exception {
        RSAKey before = new RSAKeyGenerator(2048).keyID("rotating").generate();
        RSAKey after = new RSAKeyGenerator(2048).keyID("rotating").generate();
        JWKSet[] published = {new JWKSet(before.toPublicJWK())};
        TokenVerifier rotating = new TokenVerifier(ISSUER, "fhir-api", JWSAlgorithm.RS256,
                (selector, context) -> selector.select(published[0]), 5);
        assertTrue(rotating.verify(sign(validClaims().build(), before)).isPresent());

        published[0] = new JWKSet(after.toPublicJWK());

        assertTrue(rotating.verify(sign(validClaims().build(), after)).isPresent());
        assertTrue(rotating.verify(sign(validClaims().build(), before)).isEmpty());
    }

    @Test
    void refusesAlgNone() throws Exception {
        String signed = sign(validClaims().build(), realmKey);
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(header + "." + signed.split("\\.")[1] + ".").isEmpty());
    }

    @Test
    void refusesHs256SignedWithThePublicKeyAsSecret() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .keyID(realmKey.getKeyID()).build(), validClaims().build());
        byte[] secret = realmKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(secret));
        assertTrue(verifier.verify(jwt.serialize()).isEmpty());
    }

    /** The attacker's own key travels in the header ({@code jwk}); the signature is valid under it. */
    @Test
    void refusesATokenSignedByTheKeyEmbeddedInItsHeader() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(realmKey.getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(realmKey.getKeyID()).jwk(attacker.toPublicJWK()).build(), validClaims().build());
        jwt.sign(new RSASSASigner(attacker));
        assertTrue(verifier.verify(jwt.serialize()).isEmpty());
    }

    /** The header points at the attacker's key set ({@code jku}) and a key id only that set has. */
    @Test
    void refusesATokenWhoseJkuAndKidPointElsewhere() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID("attacker-key").jwkURL(java.net.URI.create("https://attacker.example/jwks.json")).build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(attacker));
        assertTrue(verifier.verify(jwt.serialize()).isEmpty());
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        long now = System.currentTimeMillis();
        JWTClaimsSet expired = validClaims().issueTime(new Date(now - 600_000)).expirationTime(new Date(now - 60_000)).build();
        assertTrue(verifier.verify(sign(expired, realmKey)).isEmpty());
    }

    @Test
    void refusesATokenNotYetValid() throws Exception {
        JWTClaimsSet future = validClaims().notBeforeTime(new Date(System.currentTimeMillis() + 120_000)).build();
        assertTrue(verifier.verify(sign(future, realmKey)).isEmpty());
    }

    @Test
    void refusesAnotherIssuer() throws Exception {
        assertTrue(verifier.verify(sign(validClaims().issuer("https://evil.example.org/realms/hospital").build(),
                realmKey)).isEmpty());
    }

    @Test
    void refusesAnotherAudience() throws Exception {
        assertTrue(verifier.verify(sign(validClaims().audience(List.of("account")).build(), realmKey)).isEmpty());
    }

    @Test
    void refusesATokenWithoutJti() throws Exception {
        assertTrue(verifier.verify(sign(validClaims().jwtID(null).build(), realmKey)).isEmpty());
    }

    @Test
    void refusesGarbage() {
        assertTrue(verifier.verify("not-a-jwt").isEmpty());
    }
}
