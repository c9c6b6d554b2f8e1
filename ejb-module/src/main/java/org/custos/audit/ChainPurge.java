package org.custos.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

import org.custos.crypto.AuditKeys;

/**
 * The retention purge of one chain: deletes the records from the chain's start (or the last purge's anchor) up to
 * the newest signed checkpoint whose records are all older than the cutoff, and records that checkpoint as the
 * chain's new anchor ({@code audit_purge}, V20), from which verification starts. A chain that does not verify is not
 * purged: its records are evidence. The database's triggers hold the six-year floor whatever the caller asks.
 */
final class ChainPurge {

    private static final Logger LOG = Logger.getLogger(ChainPurge.class.getName());

    /** Where a purged chain now starts: the place and hash of the last purged record, as a checkpoint signed them. */
    record Anchor(long throughSeq, byte[] throughHash, long checkpointId) {
    }

    private ChainPurge() {
    }

    static Optional<Anchor> latest(Connection db, String chain) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT through_seq, through_hash, checkpoint_id FROM"
                + " audit_purge WHERE chain = ? ORDER BY through_seq DESC LIMIT 1")) {
            select.setString(1, chain);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Anchor(row.getLong(1), row.getBytes(2), row.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    /** @param db a connection in auto-commit mode: the purge is one transaction of its own */
    static PurgeResult purge(Connection db, String chain, Instant cutoff, AuditKeys keys) throws SQLException {
        long anchored = latest(db, chain).map(Anchor::throughSeq).orElse(0L);
        ChainVerification verification = ChainWalk.verifyInSnapshot(db, chain, keys);
        if (!verification.intact()) {
            return new PurgeResult(chain, cutoff, anchored, 0, Optional.of("the chain is broken at record "
                    + verification.brokenAt().orElseThrow() + ": nothing is purged from it"));
        }
        db.setAutoCommit(false);
        try {
            Optional<ChainCheckpoints.Checkpoint> through = newestCheckpointBefore(db, chain, anchored, cutoff);
            if (through.isEmpty()) {
                db.rollback();
                return new PurgeResult(chain, cutoff, anchored, 0, Optional.empty());
            }
            ChainCheckpoints.Checkpoint checkpoint = through.get();
            long due = checkpoint.lastSeq() - anchored;
            // The anchor first: the trigger lets records go only at or below a recorded anchor.
            try (PreparedStatement anchor = db.prepareStatement("INSERT INTO audit_purge (chain, through_seq,"
                    + " through_hash, checkpoint_id, records) SELECT chain, last_seq, last_hash, id, ? FROM"
                    + " audit_checkpoint WHERE chain = ? AND last_seq = ? ORDER BY id LIMIT 1")) {
                anchor.setLong(1, due);
                anchor.setString(2, chain);
                anchor.setLong(3, checkpoint.lastSeq());
                anchor.executeUpdate();
            }
            long deleted = delete(db, chain, anchored, checkpoint.lastSeq());
            if (deleted != due) {
                throw new IllegalStateException("The chain changed while it was purged");
            }
            db.commit();
            LOG.info(() -> "Audit retention: " + deleted + " records of chain " + (chain.isEmpty() ? "(platform)"
                    : chain) + " purged through record " + checkpoint.lastSeq());
            return new PurgeResult(chain, cutoff, checkpoint.lastSeq(), deleted, Optional.empty());
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The newest checkpoint past the anchor whose records up to it are all older than the cutoff. */
    private static Optional<ChainCheckpoints.Checkpoint> newestCheckpointBefore(Connection db, String chain,
                                                                                long anchored, Instant cutoff)
            throws SQLException {
        try (PreparedStatement newest = db.prepareStatement("SELECT max(chain_seq) FROM audit_event WHERE"
                + " coalesce(tenant_id, '') = ? AND chain_seq > ? AND chain_seq < coalesce((SELECT min(chain_seq)"
                + " FROM audit_event WHERE coalesce(tenant_id, '') = ? AND chain_seq > ? AND recorded_at >= ?),"
                + " 9223372036854775807)")) {
            newest.setString(1, chain);
            newest.setLong(2, anchored);
            newest.setString(3, chain);
            newest.setLong(4, anchored);
            newest.setTimestamp(5, Timestamp.from(cutoff));
            try (ResultSet row = newest.executeQuery()) {
                row.next();
                long oldEnough = row.getLong(1);
                return ChainCheckpoints.of(db, chain).stream()
                        .filter(checkpoint -> checkpoint.lastSeq() > anchored && checkpoint.lastSeq() <= oldEnough)
                        .reduce((older, newer) -> newer);
            }
        }
    }

    private static long delete(Connection db, String chain, long after, long through) throws SQLException {
        try (PreparedStatement index = db.prepareStatement("DELETE FROM audit_patient_access WHERE audit_id IN"
                + " (SELECT id FROM audit_event WHERE coalesce(tenant_id, '') = ? AND chain_seq > ? AND chain_seq <= ?)");
             PreparedStatement records = db.prepareStatement("DELETE FROM audit_event WHERE coalesce(tenant_id, '')"
                     + " = ? AND chain_seq > ? AND chain_seq <= ?")) {
            for (PreparedStatement statement : new PreparedStatement[] {index, records}) {
                statement.setString(1, chain);
                statement.setLong(2, after);
                statement.setLong(3, through);
            }
            index.executeUpdate();
            return records.executeUpdate();
        }
    }
}
