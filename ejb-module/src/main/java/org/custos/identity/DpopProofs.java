package org.custos.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Proofs of possession for sender-constrained access tokens (OAuth 2.0 DPoP, RFC 9449 §4.3): a token Keycloak bound
 * to a client key ({@code cnf.jkt}) is accepted only with a fresh proof, signed by that key, made for this very
 * request (method and URL) and this very token ({@code ath}), and never seen before ({@code jti}). Proofs are
 * remembered for the window in which they are accepted, on this server; a copy of a proof replayed to another server
 * of a cluster within that window (one minute) is not detected — the token it carries is still bound to the key.
 */
@ApplicationScoped
public class DpopProofs {

    private static final JOSEObjectType DPOP = new JOSEObjectType("dpop+jwt");
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /**
     * @param proof       the DPoP header
     * @param method      the request's HTTP method
     * @param url         the request's URL without query
     * @param accessToken the access token the request carries
     * @param boundKey    the token's {@code cnf.jkt}
     */
    public boolean accepts(String proof, String method, String url, String accessToken, String boundKey) {
        try {
            SignedJWT jwt = SignedJWT.parse(proof);
            JWSHeader header = jwt.getHeader();
            JWK key = header.getJWK();
            if (!DPOP.equals(header.getType()) || !ALGORITHMS.contains(header.getAlgorithm()) || key == null
                    || key.isPrivate() || !jwt.verify(verifier(key))
                    || !key.computeThumbprint("SHA-256").toString().equals(boundKey)) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return method.equalsIgnoreCase(claims.getStringClaim("htm"))
                    && sameUrl(claims.getStringClaim("htu"), url)
                    && hashOf(accessToken).equals(claims.getStringClaim("ath"))
                    && fresh(claims.getIssueTime())
                    && firstUse(claims.getJWTID());
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | RuntimeException invalid) {
            return false;
        }
    }

    private static JWSVerifier verifier(JWK key) throws com.nimbusds.jose.JOSEException {
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        throw new IllegalArgumentException("Unsupported proof key type");
    }

    /** Scheme and host compared without case, default ports made explicit, path exact; no query or fragment. */
    private static boolean sameUrl(String htu, String url) {
        if (htu == null) {
            return false;
        }
        URI claimed = URI.create(htu);
        URI actual = URI.create(url);
        return claimed.getQuery() == null && claimed.getFragment() == null
                && claimed.getScheme().equalsIgnoreCase(actual.getScheme())
                && claimed.getHost().toLowerCase(Locale.ROOT).equals(actual.getHost().toLowerCase(Locale.ROOT))
                && port(claimed) == port(actual)
                && claimed.getRawPath().equals(actual.getRawPath());
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String hashOf(String accessToken) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean fresh(Date issuedAt) {
        if (issuedAt == null) {
            return false;
        }
        Instant now = Instant.now();
        Instant iat = issuedAt.toInstant();
        return iat.isAfter(now.minus(WINDOW)) && iat.isBefore(now.plus(Duration.ofSeconds(5)));
    }

    /** A proof is used once: its id is remembered as long as the proof would be accepted. */
    private boolean firstUse(String jti) {
        if (jti == null || jti.isBlank()) {
            return false;
        }
        Instant now = Instant.now();
        seen.values().removeIf(expiry -> expiry.isBefore(now));
        return seen.putIfAbsent(jti, now.plus(WINDOW).plus(Duration.ofSeconds(5))) == null;
    }
}
