package org.custos.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The revocation list (schema V11): ended Keycloak sessions and users whose every earlier token is void. Read on
 * every authenticated request, from the database so that all servers of a cluster agree at once; when it cannot be
 * read, tokens count as revoked (fail closed).
 */
@ApplicationScoped
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class.getName());
    /** Longer than any token lives (access tokens: minutes; a session: hours), so no revoked token comes back. */
    private static final String RETENTION = "interval '2 days'";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    public boolean isRevoked(ValidatedToken token) {
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

    /** Every token of this login session is refused from now on. */
    public void revokeSession(String sessionId, String subject) {
        record("INSERT INTO revoked_session (session_id, subject) VALUES (?, ?) ON CONFLICT DO NOTHING",
                sessionId, subject);
    }

    /** Every token of this user issued until now is refused, whatever its session. */
    public void revokeSubject(String subject) {
        record("INSERT INTO revoked_subject (subject, not_before) VALUES (?, now()) ON CONFLICT (subject)"
                + " DO UPDATE SET not_before = now(), revoked_at = now()", subject);
    }

    /** Records a revocation, and forgets those older than every token they could concern. */
    private void record(String sql, String... values) {
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement(sql);
             PreparedStatement purge = db.prepareStatement("WITH s AS (DELETE FROM revoked_session WHERE revoked_at"
                     + " < now() - " + RETENTION + ") DELETE FROM revoked_subject WHERE revoked_at < now() - "
                     + RETENTION)) {
            for (int i = 0; i < values.length; i++) {
                insert.setString(i + 1, values[i]);
            }
            insert.executeUpdate();
            purge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The revocation could not be recorded", e);
        }
    }
}
