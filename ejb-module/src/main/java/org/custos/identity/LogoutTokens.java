package org.custos.identity;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jwt.JWTClaimsSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * OpenID Connect back-channel logout: Keycloak posts a signed logout token when a login session ends (the user logs
 * out, an administrator ends the user's sessions, the session is removed); its session — or, without a session id,
 * every earlier token of its user — goes on the revocation list, so the session's access tokens stop working at
 * their next call instead of when they expire.
 */
@ApplicationScoped
public class LogoutTokens {

    private static final Logger LOG = Logger.getLogger(LogoutTokens.class.getName());
    private static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    @Inject
    AccessTokens accessTokens;

    @Inject
    Revocations revocations;

    /** The clients through which staff log in; Keycloak reports their sessions' ends to this application. */
    @Inject
    @ConfigProperty(name = "custos.identity.logout-clients", defaultValue = "staff-portal,custos-cli")
    String logoutClients;

    private TokenVerifier verifier;

    @PostConstruct
    void configure() {
        Set<String> clients = Arrays.stream(logoutClients.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.toSet());
        verifier = accessTokens.logoutTokenVerifier(clients);
    }

    /** @return whether it was a valid logout token; if so, its session or user is revoked */
    public boolean logOut(String rawToken) {
        Optional<JWTClaimsSet> claims = verifier.claims(rawToken).filter(LogoutTokens::isLogoutToken);
        if (claims.isEmpty()) {
            return false;
        }
        Object sessionId = claims.get().getClaim("sid");
        if (sessionId instanceof String sid && !sid.isBlank()) {
            revocations.revokeSession(sid, claims.get().getSubject());
        } else {
            revocations.revokeSubject(claims.get().getSubject());
        }
        LOG.info("Back-channel logout: a login session ended at the identity provider; its tokens are refused now");
        return true;
    }

    /** What the specification requires beyond the signature: the logout event, a session or subject, no nonce. */
    private static boolean isLogoutToken(JWTClaimsSet claims) {
        boolean event = claims.getClaim("events") instanceof Map<?, ?> events && events.containsKey(BACKCHANNEL_LOGOUT_EVENT);
        boolean names = claims.getClaim("sid") instanceof String || claims.getSubject() != null;
        return event && names && claims.getClaim("nonce") == null;
    }
}
