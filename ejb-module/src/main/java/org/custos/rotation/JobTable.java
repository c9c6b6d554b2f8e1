package org.custos.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The job rows (crypto_reencryption_job), read and written on the caller's connection and transaction. */
final class JobTable {

    private static final String COLUMNS = "id, state, started_by, started_at, updated_at, rows_total, rows_done,"
            + " rows_resealed, rows_reindexed, rows_failed, running_millis, cursor_pk, last_pk";

    /** A job row with its cursor. */
    record Job(ReencryptionStatus status, long cursorPk, long lastPk) {
    }

    private JobTable() {
    }

    static Optional<Job> latest(Connection db, boolean lock) throws SQLException {
        return one(db, "SELECT " + COLUMNS + " FROM crypto_reencryption_job ORDER BY id DESC LIMIT 1"
                + (lock ? " FOR UPDATE" : ""), null);
    }

    static Optional<Job> byId(Connection db, long id, boolean lock) throws SQLException {
        return one(db, "SELECT " + COLUMNS + " FROM crypto_reencryption_job WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
    }

    /** A new job over every resource version that exists now (later ones are sealed with the new key anyway). */
    static long insert(Connection db, String startedBy) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO crypto_reencryption_job (state, started_by,"
                + " started_at, updated_at, last_pk, rows_total) SELECT 'RUNNING', ?, now(), now(),"
                + " coalesce(max(pk), 0), count(*) FROM fhir_resource_version RETURNING id")) {
            insert.setString(1, startedBy);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    static void setState(Connection db, long id, String state) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE crypto_reencryption_job SET state = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, state);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** Records a committed batch: the cursor moves in the same transaction as the rows it covers. */
    static void advance(Connection db, long id, VersionResealing.Outcome batch, long millis) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE crypto_reencryption_job SET cursor_pk = ?,"
                + " rows_done = rows_done + ?, rows_resealed = rows_resealed + ?, rows_reindexed = rows_reindexed + ?,"
                + " rows_failed = rows_failed + ?, running_millis = running_millis + ?, updated_at = now() WHERE id = ?")) {
            update.setLong(1, batch.lastPk());
            update.setInt(2, batch.done());
            update.setInt(3, batch.resealed());
            update.setInt(4, batch.reindexed());
            update.setInt(5, batch.failed());
            update.setLong(6, millis);
            update.setLong(7, id);
            update.executeUpdate();
        }
    }

    static void recordError(Connection db, long id, long versionPk, String reason) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO crypto_reencryption_error (job_id, version_pk, reason) VALUES (?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setLong(2, versionPk);
            insert.setString(3, reason);
            insert.executeUpdate();
        }
    }

    private static Optional<Job> one(Connection db, String sql, Long id) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            if (id != null) {
                select.setLong(1, id);
            }
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Job(new ReencryptionStatus(row.getLong(1), row.getString(2), row.getString(3),
                        instant(row.getTimestamp(4)), instant(row.getTimestamp(5)), row.getLong(6), row.getLong(7),
                        row.getLong(8), row.getLong(9), row.getLong(10), row.getLong(11)), row.getLong(12),
                        row.getLong(13)));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }
}
