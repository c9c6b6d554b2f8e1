package org.custos.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps {@link RevokedLogins} complete on this server: LISTENs on the revocation channel, then loads the list from the
 * database, then applies every notification any server of the cluster sends (PostgreSQL delivers them on commit,
 * within milliseconds). While it is not connected, {@link #synced()} is false and tokens are checked against the
 * database instead — never against a list that may have missed a revocation.
 */
final class RevocationFeed implements Runnable {

    static final String CHANNEL = "custos_revocation";
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class.getName());

    private final DataSource dataSource;
    private final RevokedLogins logins;
    private volatile boolean running = true;
    private volatile boolean synced;
    private boolean everSynced;

    RevocationFeed(DataSource dataSource, RevokedLogins logins) {
        this.dataSource = dataSource;
        this.logins = logins;
    }

    boolean synced() {
        return synced;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    follow(connection);
                } finally {
                    synced = false;
                    try (Statement unlisten = connection.createStatement()) {
                        unlisten.execute("UNLISTEN *");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    // Before the first load the schema may still be migrating: not worth a warning.
                    LOG.log(everSynced ? Level.WARNING : Level.INFO, "The revocation feed is not connected; tokens are"
                            + " checked against the database until it is (" + e.getClass().getSimpleName() + ")");
                    pause();
                }
            }
        }
    }

    private void follow(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);
        }
        load(connection);
        synced = true;
        everSynced = true;
        Instant nextPrune = Instant.now().plus(Revocations.RETENTION);
        while (running) {
            PGNotification[] received = notifications.getNotifications(1000);
            if (received != null) {
                for (PGNotification notice : received) {
                    logins.apply(notice.getParameter());
                }
            }
            if (Instant.now().isAfter(nextPrune)) {
                logins.forgetBefore(Instant.now().minus(Revocations.RETENTION));
                nextPrune = Instant.now().plus(Revocations.RETENTION);
            }
        }
    }

    /** After LISTEN, so that a revocation committed meanwhile arrives as a notification if the load missed it. */
    private void load(Connection connection) throws SQLException {
        try (PreparedStatement sessions = connection.prepareStatement(
                     "SELECT session_id, revoked_at FROM revoked_session");
             PreparedStatement subjects = connection.prepareStatement(
                     "SELECT subject, not_before FROM revoked_subject")) {
            try (ResultSet rows = sessions.executeQuery()) {
                while (rows.next()) {
                    logins.addSession(rows.getString(1), instant(rows.getTimestamp(2)));
                }
            }
            try (ResultSet rows = subjects.executeQuery()) {
                while (rows.next()) {
                    logins.addSubject(rows.getString(1), instant(rows.getTimestamp(2)));
                }
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }

    private void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
