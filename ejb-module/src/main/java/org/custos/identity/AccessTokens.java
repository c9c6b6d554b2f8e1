package org.custos.identity;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The deployment's token verifier, configured with the standard MicroProfile JWT keys (issuer, key location,
 * audience, algorithm, clock skew) so operators set it up as for any MP-JWT service. Signing keys are fetched
 * from the issuer's JWKS, cached, and refetched when Keycloak rotates them. A token whose login session ended or
 * whose user was disabled is refused at its next use ({@link Revocations}).
 */
@ApplicationScoped
public class AccessTokens {

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    String jwksLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    String audience;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithm;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "5")
    int clockSkewSeconds;

    @Inject
    Revocations revocations;

    private JWKSource<SecurityContext> keys;
    private TokenVerifier verifier;

    @PostConstruct
    void configure() {
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksLocation).toURL()).retrying(true).build();
            verifier = new TokenVerifier(issuer, audience, JWSAlgorithm.parse(algorithm), keys, clockSkewSeconds);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("mp.jwt.verify.publickey.location is not a URL", e);
        }
    }

    /** @return the token when it is valid and its session or user was not revoked; empty otherwise */
    public Optional<ValidatedToken> verify(String rawToken) {
        return verifier.verify(rawToken).filter(token -> !revocations.isRevoked(token));
    }

    /** A verifier of the issuer's back-channel logout tokens for these clients, with the same keys and algorithm. */
    TokenVerifier logoutTokenVerifier(Set<String> clients) {
        return TokenVerifier.forLogoutTokens(issuer, clients, JWSAlgorithm.parse(algorithm), keys, clockSkewSeconds);
    }
}
