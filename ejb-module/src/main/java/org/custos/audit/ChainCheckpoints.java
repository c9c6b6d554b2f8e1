package org.custos.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

import org.custos.crypto.AuditKeys;
import org.custos.crypto.LengthPrefixed;

/**
 * Signed checkpoints of the chains' heads: what a chain had become at a moment, signed with the audit signing key
 * and kept in {@code audit_checkpoint}. Each signing is also logged, with the head's hash, so that a copy of every
 * checkpoint lives outside the database (the log shipped to the hospital's SIEM).
 */
final class ChainCheckpoints {

    private static final Logger LOG = Logger.getLogger(ChainCheckpoints.class.getName());
    private static final byte FORMAT = 3;

    /** One signed head of a chain. */
    record Checkpoint(long lastSeq, byte[] lastHash, Instant signedAt, byte[] signature) {

        boolean signedBy(AuditKeys keys, String chain) {
            return keys.signatureMatches(signature, signed(chain, lastSeq, lastHash, signedAt));
        }
    }

    private ChainCheckpoints() {
    }

    /** Signs the head of every chain that has grown since its last checkpoint, if that is {@code interval} old. */
    static void signDue(Connection db, AuditKeys keys, long intervalSeconds) throws SQLException {
        try (PreparedStatement due = db.prepareStatement("SELECT chain, last_seq, last_hash FROM audit_chain_head"
                + " WHERE last_seq > checkpoint_seq AND checkpoint_at <= clock_timestamp() - make_interval(secs => ?)"
                + " FOR UPDATE SKIP LOCKED");
             PreparedStatement insert = db.prepareStatement("INSERT INTO audit_checkpoint (chain, last_seq, last_hash,"
                     + " signed_at, signature) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement mark = db.prepareStatement("UPDATE audit_chain_head SET checkpoint_seq = ?,"
                     + " checkpoint_at = ? WHERE chain = ?")) {
            due.setLong(1, intervalSeconds);
            try (ResultSet heads = due.executeQuery()) {
                while (heads.next()) {
                    String chain = heads.getString(1);
                    long seq = heads.getLong(2);
                    byte[] hash = heads.getBytes(3);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    insert.setString(1, chain);
                    insert.setLong(2, seq);
                    insert.setBytes(3, hash);
                    insert.setObject(4, now.atOffset(ZoneOffset.UTC));
                    insert.setBytes(5, keys.sign(signed(chain, seq, hash, now)));
                    insert.executeUpdate();
                    mark.setLong(1, seq);
                    mark.setObject(2, now.atOffset(ZoneOffset.UTC));
                    mark.setString(3, chain);
                    mark.executeUpdate();
                    LOG.info(() -> "Audit checkpoint signed: chain " + (chain.isEmpty() ? "(platform)" : chain)
                            + " through record " + seq + ", head hash " + HexFormat.of().formatHex(hash));
                }
            }
        }
    }

    /** The checkpoints of a chain, oldest place first. */
    static List<Checkpoint> of(Connection db, String chain) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT last_seq, last_hash, signed_at, signature FROM"
                + " audit_checkpoint WHERE chain = ? ORDER BY last_seq, id")) {
            select.setString(1, chain);
            try (ResultSet rows = select.executeQuery()) {
                List<Checkpoint> checkpoints = new ArrayList<>();
                while (rows.next()) {
                    checkpoints.add(new Checkpoint(rows.getLong(1), rows.getBytes(2),
                            rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getBytes(4)));
                }
                return checkpoints;
            }
        }
    }

    /** The bytes a checkpoint's signature covers. */
    private static byte[] signed(String chain, long seq, byte[] hash, Instant signedAt) {
        return LengthPrefixed.encode(FORMAT, "custos-audit-checkpoint", chain, Long.toString(seq),
                HexFormat.of().formatHex(hash), signedAt.getEpochSecond() + "." + signedAt.getNano() / 1000);
    }
}
