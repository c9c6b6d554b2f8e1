package org.custos.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Walks one chain from its first record to its head, recomputing every link: reports the first record that is
 * missing or out of place, does not follow its predecessor, or says something other than what was sealed, and a
 * head that the chain does not end on (newest records removed).
 */
final class ChainWalk {

    private ChainWalk() {
    }

    /** The walk in one snapshot, so records sealed meanwhile cannot look like a broken head. */
    static ChainVerification verifyInSnapshot(Connection db, String chain) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        int isolation = db.getTransactionIsolation();
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            return verify(db, chain);
        } finally {
            db.rollback();
            db.setTransactionIsolation(isolation);
            db.setAutoCommit(autoCommit);
        }
    }

    private static ChainVerification verify(Connection db, String chain) throws SQLException {
        long expected = 1;
        byte[] previous = RecordDigest.GENESIS;
        try (PreparedStatement select = db.prepareStatement("SELECT " + RecordDigest.CONTENT_COLUMNS
                + ", chain_seq, prev_hash, hash FROM audit_event WHERE coalesce(tenant_id, '') = ?"
                + " AND chain_seq IS NOT NULL ORDER BY chain_seq")) {
            select.setString(1, chain);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong("chain_seq");
                    if (seq != expected) {
                        return broken(db, chain, expected, "record " + expected + " is missing or out of place");
                    }
                    if (!MessageDigest.isEqual(previous, rows.getBytes("prev_hash"))) {
                        return broken(db, chain, seq, "record " + seq + " does not follow its predecessor");
                    }
                    byte[] recomputed = RecordDigest.of(rows, seq, previous);
                    if (!MessageDigest.isEqual(recomputed, rows.getBytes("hash"))) {
                        return broken(db, chain, seq, "record " + seq + " says something else than was sealed");
                    }
                    previous = recomputed;
                    expected++;
                }
            }
        }
        long sealed = expected - 1;
        try (PreparedStatement head = db.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head"
                + " WHERE chain = ?")) {
            head.setString(1, chain);
            try (ResultSet last = head.executeQuery()) {
                boolean hasHead = last.next();
                if (hasHead ? last.getLong(1) != sealed || !MessageDigest.isEqual(last.getBytes(2), previous)
                        : sealed > 0) {
                    return broken(db, chain, sealed + 1, "the chain ends before its recorded head: newest records"
                            + " are missing");
                }
            }
        }
        return new ChainVerification(chain, sealed, unsealed(db, chain), Optional.empty(), Optional.empty());
    }

    private static ChainVerification broken(Connection db, String chain, long at, String problem)
            throws SQLException {
        try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM audit_event WHERE"
                + " coalesce(tenant_id, '') = ? AND chain_seq IS NOT NULL")) {
            count.setString(1, chain);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return new ChainVerification(chain, rows.getLong(1), unsealed(db, chain), Optional.of(at),
                        Optional.of(problem));
            }
        }
    }

    private static long unsealed(Connection db, String chain) throws SQLException {
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
