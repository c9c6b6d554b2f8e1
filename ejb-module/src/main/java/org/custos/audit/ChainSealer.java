package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        Links links = new Links();
        try (PreparedStatement unsealed = db.prepareStatement("SELECT " + RecordDigest.CONTENT_COLUMNS
                + " FROM audit_event WHERE hash IS NULL ORDER BY coalesce(tenant_id, ''), id LIMIT " + BATCH
                + " FOR UPDATE SKIP LOCKED");
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
                head.append(links, rows);
            }
            if (head != null) {
                head.save(db);
            }
        }
        links.write(db);
    }

    /**
     * The links of one batch, written with one statement each for the records and for their patients: a statement
     * per record cost the database several times the work of the row itself.
     */
    private static final class Links {
        private final List<Long> ids = new ArrayList<>();
        private final List<Long> seqs = new ArrayList<>();
        private final List<byte[]> previous = new ArrayList<>();
        private final List<byte[]> hashes = new ArrayList<>();

        void add(long id, long seq, byte[] prev, byte[] hash) {
            ids.add(id);
            seqs.add(seq);
            previous.add(prev);
            hashes.add(hash);
        }

        void write(Connection db) throws SQLException {
            if (ids.isEmpty()) {
                return;
            }
            Array idArray = db.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement seal = db.prepareStatement("UPDATE audit_event e SET chain_seq = l.seq,"
                    + " prev_hash = l.prev, hash = l.hash FROM unnest(?::bigint[], ?::bigint[], ?::bytea[],"
                    + " ?::bytea[]) AS l(id, seq, prev, hash) WHERE e.id = l.id");
                 // The patients' index (audit_patient_access, V18), from the sealed records themselves.
                 PreparedStatement index = db.prepareStatement("INSERT INTO audit_patient_access (tenant_id,"
                         + " patient_id, recorded_at, audit_id) SELECT DISTINCT e.tenant_id, p.patient,"
                         + " e.recorded_at, e.id FROM audit_event e, unnest(e.patient_ids) AS p(patient)"
                         + " WHERE e.id = ANY (?) AND e.tenant_id IS NOT NULL ON CONFLICT DO NOTHING")) {
                seal.setArray(1, idArray);
                seal.setArray(2, db.createArrayOf("bigint", seqs.toArray()));
                seal.setArray(3, db.createArrayOf("bytea", previous.toArray(new byte[0][])));
                seal.setArray(4, db.createArrayOf("bytea", hashes.toArray(new byte[0][])));
                seal.executeUpdate();
                index.setArray(1, idArray);
                index.executeUpdate();
            }
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

        /** Links this record after the head. */
        void append(Links links, ResultSet row) throws SQLException {
            long next = seq + 1;
            byte[] linked = RecordDigest.of(row, next, hash);
            links.add(row.getLong("id"), next, hash, linked);
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
