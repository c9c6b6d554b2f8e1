package org.custos.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.custos.audit.ChainCheckpoints.Checkpoint;
import org.custos.crypto.AuditKeys;

/**
 * Walks one chain from its first record (after a retention purge: from the purge's signed anchor) to its head,
 * recomputing every link: reports the first record that is
 * missing or out of place, does not follow its predecessor, says something other than what was sealed, was not
 * written by the application (its MAC) or is a copy of another; a signed checkpoint the chain no longer matches;
 * and a head the chain does not end on (newest records removed).
 */
final class ChainWalk {

    private final Connection db;
    private final String chain;
    private final AuditKeys keys;
    private long signedThrough;
    private long purgedThrough;
    private Optional<Instant> lastSignedAt = Optional.empty();

    private ChainWalk(Connection db, String chain, AuditKeys keys) {
        this.db = db;
        this.chain = chain;
        this.keys = keys;
    }

    /** Every chain there is ({@code ""}: the platform's), in order. */
    static List<String> chains(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT chain FROM audit_chain_head ORDER BY chain");
             ResultSet rows = select.executeQuery()) {
            List<String> chains = new ArrayList<>();
            while (rows.next()) {
                chains.add(rows.getString(1));
            }
            return chains;
        }
    }

    /** The walk in one snapshot, so records sealed meanwhile cannot look like a broken head. */
    static ChainVerification verifyInSnapshot(Connection db, String chain, AuditKeys keys) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        int isolation = db.getTransactionIsolation();
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return new ChainWalk(db, chain, keys).verify();
        } finally {
            db.rollback();
            db.setTransactionIsolation(isolation);
            db.setAutoCommit(autoCommit);
        }
    }

    private ChainVerification verify() throws SQLException {
        List<Checkpoint> checkpoints = ChainCheckpoints.of(db, chain);
        Optional<ChainPurge.Anchor> anchor = ChainPurge.latest(db, chain);
        purgedThrough = anchor.map(ChainPurge.Anchor::throughSeq).orElse(0L);
        if (anchor.isPresent() && !signedAnchor(anchor.get(), checkpoints)) {
            return broken(purgedThrough, "the chain starts after a purge at record " + purgedThrough
                    + " that no signed checkpoint anchors");
        }
        Iterator<Checkpoint> pending = checkpoints.stream().filter(checkpoint -> checkpoint.lastSeq() > purgedThrough)
                .iterator();
        Checkpoint next = pending.hasNext() ? pending.next() : null;
        long expected = purgedThrough + 1;
        byte[] previous = anchor.map(ChainPurge.Anchor::throughHash).orElse(RecordDigest.GENESIS);
        try (PreparedStatement select = db.prepareStatement("SELECT " + RecordDigest.CONTENT_COLUMNS
                + ", chain_seq, prev_hash, hash, mac FROM audit_event WHERE coalesce(tenant_id, '') = ?"
                + " AND chain_seq > ? ORDER BY chain_seq")) {
            select.setString(1, chain);
            select.setLong(2, purgedThrough);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong("chain_seq");
                    if (seq != expected) {
                        return broken(expected, "record " + expected + " is missing or out of place");
                    }
                    if (!MessageDigest.isEqual(previous, rows.getBytes("prev_hash"))) {
                        return broken(seq, "record " + seq + " does not follow its predecessor");
                    }
                    byte[] recomputed = RecordDigest.of(rows, seq, previous);
                    if (!MessageDigest.isEqual(recomputed, rows.getBytes("hash"))) {
                        return broken(seq, "record " + seq + " says something else than was sealed");
                    }
                    if (!keys.macMatches(rows.getBytes("mac"), RecordDigest.macContent(rows))) {
                        return broken(seq, "record " + seq + " was not written by the application (its MAC does"
                                + " not match)");
                    }
                    while (next != null && next.lastSeq() == seq) {
                        Optional<String> problem = checkpointProblem(next, recomputed);
                        if (problem.isPresent()) {
                            return broken(seq, problem.get());
                        }
                        next = pending.hasNext() ? pending.next() : null;
                    }
                    previous = recomputed;
                    expected++;
                }
            }
        }
        long sealed = expected - 1;
        if (next != null) {
            return broken(sealed + 1, "the chain ends before its head signed at " + next.signedAt()
                    + ": records are missing");
        }
        if (!endsOnItsHead(sealed, previous)) {
            return broken(sealed + 1, "the chain ends before its recorded head: newest records are missing");
        }
        Optional<Long> copy = firstCopy();
        if (copy.isPresent()) {
            return broken(copy.get(), "record " + copy.get() + " is a copy of an earlier record");
        }
        return verification(sealed - purgedThrough, Optional.empty(), Optional.empty());
    }

    /** A purge's anchor is only as good as the checkpoint it names: signed, at that place, with that hash. */
    private boolean signedAnchor(ChainPurge.Anchor anchor, List<Checkpoint> checkpoints) {
        return checkpoints.stream().anyMatch(checkpoint -> checkpoint.lastSeq() == anchor.throughSeq()
                && MessageDigest.isEqual(checkpoint.lastHash(), anchor.throughHash())
                && checkpoint.signedBy(keys, chain));
    }

    private Optional<String> checkpointProblem(Checkpoint checkpoint, byte[] recomputed) {
        if (!checkpoint.signedBy(keys, chain)) {
            return Optional.of("the checkpoint at record " + checkpoint.lastSeq() + " is not signed by the audit"
                    + " signing key");
        }
        if (!MessageDigest.isEqual(recomputed, checkpoint.lastHash())) {
            return Optional.of("the chain through record " + checkpoint.lastSeq() + " is not the one signed at "
                    + checkpoint.signedAt());
        }
        signedThrough = checkpoint.lastSeq();
        lastSignedAt = Optional.of(checkpoint.signedAt());
        return Optional.empty();
    }

    private boolean endsOnItsHead(long sealed, byte[] last) throws SQLException {
        try (PreparedStatement head = db.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head"
                + " WHERE chain = ?")) {
            head.setString(1, chain);
            try (ResultSet row = head.executeQuery()) {
                return row.next() ? row.getLong(1) == sealed && MessageDigest.isEqual(row.getBytes(2), last)
                        : sealed == 0;
            }
        }
    }

    /** The later place of two records with the same MAC: each genuine record has a MAC of its own. */
    private Optional<Long> firstCopy() throws SQLException {
        try (PreparedStatement copies = db.prepareStatement("SELECT min(later) FROM (SELECT max(chain_seq) AS later"
                + " FROM audit_event WHERE coalesce(tenant_id, '') = ? AND chain_seq IS NOT NULL GROUP BY mac"
                + " HAVING count(*) > 1) copied")) {
            copies.setString(1, chain);
            try (ResultSet row = copies.executeQuery()) {
                row.next();
                long later = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(later);
            }
        }
    }

    private ChainVerification broken(long at, String problem) throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM audit_event WHERE"
                + " coalesce(tenant_id, '') = ? AND chain_seq IS NOT NULL")) {
            count.setString(1, chain);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return verification(rows.getLong(1), Optional.of(at), Optional.of(problem));
            }
        }
    }

    private ChainVerification verification(long sealed, Optional<Long> brokenAt, Optional<String> problem)
            throws SQLException {
        return new ChainVerification(chain, sealed, unsealed(), signedThrough, lastSignedAt, purgedThrough, brokenAt,
                problem);
    }

    private long unsealed() throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM audit_event WHERE"
                + " coalesce(tenant_id, '') = ? AND hash IS NULL")) {
            count.setString(1, chain);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
