package org.custos.identity;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocation list held in memory, so that checking a token costs no database round trip: ended sessions, and
 * per user the instant before which every token is void. Kept complete by {@link RevocationFeed}; changes travel
 * between servers as notifications of the form {@code s:<session id>} or {@code u:<epoch millis>:<subject>}.
 */
final class RevokedLogins {

    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> subjects = new ConcurrentHashMap<>();

    boolean revokes(ValidatedToken token) {
        if (token.sessionId().map(sessions::containsKey).orElse(false)) {
            return true;
        }
        Instant notBefore = subjects.get(token.getSubject());
        return notBefore != null && notBefore.isAfter(token.issuedAt());
    }

    void addSession(String sessionId, Instant revokedAt) {
        sessions.put(sessionId, revokedAt);
    }

    void addSubject(String subject, Instant notBefore) {
        subjects.merge(subject, notBefore, (a, b) -> a.isAfter(b) ? a : b);
    }

    static String sessionNotice(String sessionId) {
        return "s:" + sessionId;
    }

    static String subjectNotice(String subject, Instant notBefore) {
        return "u:" + notBefore.toEpochMilli() + ":" + subject;
    }

    /** Applies a notification; an unknown form is ignored (the feed reloads everything after a reconnect anyway). */
    void apply(String notice) {
        if (notice.startsWith("s:")) {
            addSession(notice.substring(2), Instant.now());
        } else if (notice.startsWith("u:")) {
            String[] parts = notice.split(":", 3);
            if (parts.length == 3) {
                addSubject(parts[2], Instant.ofEpochMilli(Long.parseLong(parts[1])));
            }
        }
    }

    /** Forgets revocations older than every token they could concern (the database purges the same rows). */
    void forgetBefore(Instant cutoff) {
        sessions.values().removeIf(revokedAt -> revokedAt.isBefore(cutoff));
        subjects.values().removeIf(notBefore -> notBefore.isBefore(cutoff));
    }
}
