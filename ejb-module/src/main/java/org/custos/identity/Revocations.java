package org.custos.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * The revocation list (schema V11): ended Keycloak sessions, and users whose every earlier token is void. Stored in
 * PostgreSQL, so every server of a cluster refuses the same tokens; checked on every authenticated request against
 * this server's copy in memory ({@link RevokedLogins}, kept current by {@link RevocationFeed} through LISTEN/NOTIFY),
 * or against the database while that copy is not known to be complete. When neither can be read, the token counts
 * as revoked (fail closed).
 */
@ApplicationScoped
public class Revocations {

    /** Longer than any token lives (access tokens: minutes; a session: hours), so no revoked token comes back. */
    static final Duration RETENTION = Duration.ofDays(2);
    private static final Logger LOG = Logger.getLogger(Revocations.class.getName());

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Resource
    ManagedThreadFactory threads;

    private final RevokedLogins logins = new RevokedLogins();
    private volatile RevocationFeed feed;

    void follow(@Observes @Initialized(ApplicationScoped.class) Object started) {
        feed = new RevocationFeed(dataSource, logins);
        threads.newThread(feed).start();
    }

    @PreDestroy
    void stopFollowing() {
        if (feed != null) {
            feed.stop();
        }
    }

    public boolean isRevoked(ValidatedToken token) {
        RevocationFeed current = feed;
        return current != null && current.synced() ? logins.revokes(token) : revokedInDatabase(token);
    }

    private boolean revokedInDatabase(ValidatedToken token) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement check = db.prepareStatement("SELECT EXISTS (SELECT 1 FROM revoked_session"
                     + " WHERE session_id = ?) OR EXISTS (SELECT 1 FROM revoked_subject WHERE subject = ?"
                     + " AND not_before > ?)")) {
            check.setString(1, token.sessionId().orElse(""));
            check.setString(2, token.getSubject());
            check.setTimestamp(3, Timestamp.from(token.issuedAt()));
            try (ResultSet row = check.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.warning("The revocation list cannot be read; the token is refused (" + e.getSQLState() + ")");
            return true;
        }
    }

    /** Every token of this login session is refused from now on, on every server. */
    public void revokeSession(String sessionId, String subject) {
        record("WITH revoked AS (INSERT INTO revoked_session (session_id, subject) VALUES (?, ?)"
                + " ON CONFLICT DO NOTHING) SELECT pg_notify(?, ?)", sessionId, subject,
                RevokedLogins.sessionNotice(sessionId));
        logins.addSession(sessionId, Instant.now());
    }

    /** Every token of this user issued until now is refused, whatever its session, on every server. */
    public void revokeSubject(String subject) {
        Instant notBefore = Instant.now();
        record("WITH revoked AS (INSERT INTO revoked_subject (subject, not_before) VALUES (?, ?) ON CONFLICT (subject)"
                + " DO UPDATE SET not_before = greatest(revoked_subject.not_before, excluded.not_before),"
                + " revoked_at = now()) SELECT pg_notify(?, ?)", subject, Timestamp.from(notBefore),
                RevokedLogins.subjectNotice(subject, notBefore));
        logins.addSubject(subject, notBefore);
    }

    /** Records a revocation with its notification, and forgets those older than every token they could concern. */
    private void record(String sql, Object first, Object second, String notice) {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(RETENTION));
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement(sql);
             PreparedStatement purge = db.prepareStatement("WITH s AS (DELETE FROM revoked_session WHERE revoked_at"
                     + " < ?) DELETE FROM revoked_subject WHERE revoked_at < ?")) {
            insert.setObject(1, first);
            insert.setObject(2, second);
            insert.setString(3, RevocationFeed.CHANNEL);
            insert.setString(4, notice);
            insert.executeQuery().close();
            purge.setTimestamp(1, cutoff);
            purge.setTimestamp(2, cutoff);
            purge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The revocation could not be recorded", e);
        }
    }
}
