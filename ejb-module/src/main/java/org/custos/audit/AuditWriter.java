package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.sql.DataSource;

import org.custos.crypto.CryptoKeys;

/**
 * Writes audit records: the only writer of {@code audit_event}. Writes in whatever transaction is active — an audited
 * call's own, so that a change and its record commit together or not at all, and a read's record is in before its
 * data leaves; or {@link AuditTrail}'s transaction of its own for a refusal. A plain bean rather than an EJB: every
 * audited call comes through here, and a container call of its own cost each ~2 % of a read's CPU.
 */
@ApplicationScoped
public class AuditWriter {

    private static final String INSERT = "INSERT INTO audit_event (tenant_id, actor_subject, actor_username,"
            + " actor_client, actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome,"
            + " reason, source_ip, user_agent, request_id, request_method, request_path, recorded_at, mac,"
            + " purpose_of_use) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @PersistenceContext(unitName = "custos")
    EntityManager entityManager;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    RequestOrigin origin;

    @Inject
    CryptoKeys keys;

    /**
     * Writes the records in one statement (one record, a call's usual case) or one batch. In a transaction, on the
     * connection its persistence context holds, which every audited read has used already for its consent check; not
     * closed here, it is the persistence context's until the transaction ends. Another handle from the data source,
     * though on the same physical connection, and a batch of one record cost together about a seventh of what an
     * audit record adds to a read at one client (measured side by side).
     *
     * @throws AuditUnavailable when they cannot be written: the audited operation must fail then
     */
    public void write(List<AuditRecord> records) {
        try {
            if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                write(entityManager.unwrap(Connection.class), records);
            } else {
                try (Connection db = dataSource.getConnection()) {
                    write(db, records);
                }
            }
        } catch (SQLException | PersistenceException e) {
            throw new AuditUnavailable(e);
        }
    }

    private void write(Connection db, List<AuditRecord> records) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            if (records.size() == 1) {
                bind(db, insert, records.get(0));
                insert.executeUpdate();
                return;
            }
            for (AuditRecord record : records) {
                bind(db, insert, record);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void bind(Connection db, PreparedStatement insert, AuditRecord record) throws SQLException {
        insert.setString(1, record.tenant().orElse(null));
        insert.setString(2, record.actorSubject());
        insert.setString(3, record.actorUsername());
        insert.setString(4, record.actorClient());
        insert.setString(5, record.actorRoles());
        insert.setString(6, record.action());
        insert.setString(7, record.resourceType());
        insert.setString(8, record.resourceId());
        if (record.resourceVersion() == null) {
            insert.setNull(9, Types.BIGINT);
        } else {
            insert.setLong(9, record.resourceVersion());
        }
        Array patients = db.createArrayOf("text", record.patientIds().toArray());
        insert.setArray(10, patients);
        insert.setInt(11, record.outcome());
        insert.setString(12, record.reason().orElse(null));
        insert.setString(13, origin.sourceIp());
        insert.setString(14, origin.userAgent());
        insert.setString(15, origin.requestId());
        insert.setString(16, origin.method());
        insert.setString(17, origin.path());
        // Timed here, not by the database, so that the MAC can cover the time too.
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        insert.setObject(18, recordedAt.atOffset(ZoneOffset.UTC));
        insert.setBytes(19, keys.audit().macOf(RecordDigest.macContent(record, origin, recordedAt)));
        insert.setString(20, origin.purposeOfUse());
    }
}
