package org.custos.identity;

import java.text.ParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Decides whether a bearer token is a valid access token of this deployment: signed with the pinned algorithm by a
 * key of the issuer's JWKS, of type JWT, from exactly the configured issuer, for this API's audience, within its
 * validity (exp, nbf) give or take a small clock skew, and carrying the claims identity is built from.
 */
public final class TokenVerifier {

    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "exp", "iat", "jti");

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * A verifier of access tokens.
     *
     * @param issuer            the only accepted {@code iss}
     * @param audience          the {@code aud} a token must contain
     * @param algorithm         the only accepted signature algorithm (never "none", never HMAC)
     * @param keys              the issuer's signing keys
     * @param clockSkewSeconds  tolerance for exp and nbf
     */
    public TokenVerifier(String issuer, String audience, JWSAlgorithm algorithm, JWKSource<SecurityContext> keys,
                         int clockSkewSeconds) {
        this(issuer, Set.of(audience), algorithm, keys, clockSkewSeconds,
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT), REQUIRED_CLAIMS);
    }

    private TokenVerifier(String issuer, Set<String> audiences, JWSAlgorithm algorithm, JWKSource<SecurityContext> keys,
                          int clockSkewSeconds, DefaultJOSEObjectTypeVerifier<SecurityContext> types,
                          Set<String> requiredClaims) {
        if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
            throw new IllegalArgumentException("Only asymmetric signature algorithms can be pinned: " + algorithm);
        }
        processor.setJWSTypeVerifier(types);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        // Mutable sets: the verifier probes them with contains(null), which Set.of() rejects. Any one of the
        // audiences is enough.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new HashSet<>(audiences), new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(requiredClaims), new HashSet<>());
        claims.setMaxClockSkew(clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * A verifier of OpenID Connect back-channel logout tokens: the same issuer, keys and algorithm, for one of the
     * clients whose sessions are reported, typed {@code logout+jwt} (or plain JWT), with the claims the specification
     * requires.
     */
    static TokenVerifier forLogoutTokens(String issuer, Set<String> clients, JWSAlgorithm algorithm,
                                         JWKSource<SecurityContext> keys, int clockSkewSeconds) {
        return new TokenVerifier(issuer, clients, algorithm, keys, clockSkewSeconds,
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("logout+jwt"), null),
                Set.of("iss", "aud", "iat", "jti", "events"));
    }

    /** @return the validated token, or empty for anything else; why is deliberately not told to the caller. */
    public Optional<ValidatedToken> verify(String rawToken) {
        return claims(rawToken).map(claims -> new ValidatedToken(rawToken, claims));
    }

    /** @return the verified claims, or empty for anything else */
    Optional<JWTClaimsSet> claims(String rawToken) {
        try {
            return Optional.of(processor.process(rawToken, null));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException invalid) {
            return Optional.empty();
        }
    }
}
