package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;

import org.custos.crypto.CryptoKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Links new audit records into their tenant's hash chain, every two seconds, in the order it finds them, and signs
 * the heads of grown chains when their checkpoint is due ({@link ChainCheckpoints}); it also files each record under
 * the patients it touched ({@code audit_patient_access}), off the request path. Safe on
 * several servers at once: each takes the unsealed records no other holds ({@code SKIP LOCKED}) and appends to a
 * chain only while holding its head row.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ChainSealer {

    private static final Logger LOG = Logger.getLogger(ChainSealer.class.getName());
    private static final int BATCH = 5000;

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    CryptoKeys keys;

    /** How often a growing chain's head is signed (a checkpoint), in seconds. */
    @Inject
    @ConfigProperty(name = "custos.audit.checkpoint-seconds", defaultValue = "300")
    long checkpointSeconds;

    private final AtomicBoolean sealing = new AtomicBoolean();

    /** One batch per tick, in the container's transaction: a backlog is worked off over the next ticks. */
    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void sealNewRecords() {
        if (!sealing.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            seal(db);
            ChainCheckpoints.signDue(db, keys.audit(), checkpointSeconds);
        } catch (SQLException e) {
            // Not thrown: the container drops a timer whose ticks keep failing. Rolled back, tried again next tick.
            transactions.setRollbackOnly();
            LOG.log(Level.WARNING, "Audit records could not be sealed now (will retry): SQL state {0}",
                    e.getSQLState());
        } finally {
            sealing.set(false);
        }
    }

    private static void seal(Connection db) throws SQLException {
        try (PreparedStatement unsealed = db.prepareStatement("SELECT " + RecordDigest.CONTENT_COLUMNS
                + " FROM audit_event WHERE hash IS NULL ORDER BY coalesce(tenant_id, ''), id LIMIT " + BATCH
                + " FOR UPDATE SKIP LOCKED");
             PreparedStatement seal = db.prepareStatement("UPDATE audit_event SET chain_seq = ?, prev_hash = ?,"
                     + " hash = ? WHERE id = ?");
             PreparedStatement index = db.prepareStatement("INSERT INTO audit_patient_access (tenant_id,"
                     + " patient_id, recorded_at, audit_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
             ResultSet rows = unsealed.executeQuery()) {
            ChainHead head = null;
            while (rows.next()) {
                String chain = rows.getString("tenant_id") == null ? "" : rows.getString("tenant_id");
                if (head == null || !head.chain.equals(chain)) {
                    if (head != null) {
                        head.save(db);
                    }
                    head = ChainHead.lock(db, chain);
                }
                head.append(seal, rows);
                indexPatients(index, rows);
            }
            seal.executeBatch();
            index.executeBatch();
            if (head != null) {
                head.save(db);
            }
        }
    }

    /** Adds the record's patients to the batch {@code index} (audit_patient_access, V18). */
    private static void indexPatients(PreparedStatement index, ResultSet row) throws SQLException {
        String tenant = row.getString("tenant_id");
        Array patients = row.getArray("patient_ids");
        if (tenant == null || patients == null) {
            return;
        }
        for (Object patient : new LinkedHashSet<>(Arrays.asList((Object[]) patients.getArray()))) {
            index.setString(1, tenant);
            index.setString(2, String.valueOf(patient));
            index.setObject(3, row.getObject("recorded_at", OffsetDateTime.class));
            index.setLong(4, row.getLong("id"));
            index.addBatch();
        }
    }

    /** A chain's last link while a batch is appended to it (its row locked until the batch commits). */
    private static final class ChainHead {
        private final String chain;
        private long seq;
        private byte[] hash;

        private ChainHead(String chain, long seq, byte[] hash) {
            this.chain = chain;
            this.seq = seq;
            this.hash = hash;
        }

        static ChainHead lock(Connection db, String chain) throws SQLException {
            try (PreparedStatement create = db.prepareStatement("INSERT INTO audit_chain_head (chain, last_seq,"
                    + " last_hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING")) {
                create.setString(1, chain);
                create.setBytes(2, RecordDigest.GENESIS);
                create.executeUpdate();
            }
            try (PreparedStatement select = db.prepareStatement("SELECT last_seq, last_hash FROM audit_chain_head"
                    + " WHERE chain = ? FOR UPDATE")) {
                select.setString(1, chain);
                try (ResultSet head = select.executeQuery()) {
                    head.next();
                    return new ChainHead(chain, head.getLong(1), head.getBytes(2));
                }
            }
        }

        /** Adds the sealing of this record to the batch {@code seal}. */
        void append(PreparedStatement seal, ResultSet row) throws SQLException {
            long next = seq + 1;
            byte[] linked = RecordDigest.of(row, next, hash);
            seal.setLong(1, next);
            seal.setBytes(2, hash);
            seal.setBytes(3, linked);
            seal.setLong(4, row.getLong("id"));
            seal.addBatch();
            seq = next;
            hash = linked;
        }

        void save(Connection db) throws SQLException {
            try (PreparedStatement update = db.prepareStatement("UPDATE audit_chain_head SET last_seq = ?,"
                    + " last_hash = ? WHERE chain = ?")) {
                update.setLong(1, seq);
                update.setBytes(2, hash);
                update.setString(3, chain);
                update.executeUpdate();
            }
        }
    }
}
