package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.crypto.CryptoKeys;

/**
 * Writes audit records: the only writer of {@code audit_event}. {@link #record} joins the caller's transaction (a
 * change and its record commit together or not at all); {@link #recordAlone} commits on its own, for refusals and
 * failures whose transaction is rolled back.
 */
@Stateless
public class AuditTrail {

    private static final String INSERT = "INSERT INTO audit_event (tenant_id, actor_subject, actor_username,"
            + " actor_client, actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome,"
            + " reason, source_ip, user_agent, request_id, request_method, request_path, recorded_at, mac,"
            + " purpose_of_use) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The reason recorded for a request that named another tenant's resource. */
    public static final String CROSS_TENANT = "cross-tenant attempt: the resource exists in another tenant";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    RequestOrigin origin;

    @Inject
    CryptoKeys keys;

    /**
     * Writes the records in one batch, in the caller's transaction.
     *
     * @throws AuditUnavailable when they cannot be written: the audited operation must fail then
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void record(List<AuditRecord> records) {
        write(records);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAlone(AuditRecord record) {
        write(List.of(record));
    }

    /**
     * Records a "not found" that was in fact an attempt on another tenant's resource, if it was: the caller got the
     * same 404 as for an id nobody uses (nothing leaks to them), the trail says which it was. Looks across tenants
     * in this transaction of its own, which does nothing else.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordNotFound(AuditRecord record) {
        write(List.of(existsInAnotherTenant(record) ? record.withReason(CROSS_TENANT) : record));
    }

    private boolean existsInAnotherTenant(AuditRecord record) {
        if (record.resourceType() == null || record.resourceId() == null || record.tenant().isEmpty()) {
            return false;
        }
        try (Connection db = dataSource.getConnection();
             PreparedStatement platform = db.prepareStatement("SELECT set_config('custos.platform', 'on', true)");
             PreparedStatement lookup = db.prepareStatement("SELECT EXISTS (SELECT 1 FROM fhir_resource WHERE"
                     + " resource_type = ? AND resource_id = ? AND tenant_id <> ?)")) {
            platform.executeQuery().close();
            lookup.setString(1, record.resourceType());
            lookup.setString(2, record.resourceId());
            lookup.setString(3, record.tenant().get());
            try (ResultSet found = lookup.executeQuery()) {
                return found.next() && found.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        }
    }

    private void write(List<AuditRecord> records) {
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement(INSERT)) {
            for (AuditRecord record : records) {
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
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new AuditUnavailable(e);
        }
    }
}
