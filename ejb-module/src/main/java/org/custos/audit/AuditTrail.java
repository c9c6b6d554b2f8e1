package org.custos.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;

/**
 * Audit records that commit on their own, for refusals and failures whose transaction is rolled back (a success's
 * records are written by {@link AuditWriter} in the call's own transaction).
 */
@Stateless
public class AuditTrail {

    /** The reason recorded for a request that named another tenant's resource. */
    public static final String CROSS_TENANT = "cross-tenant attempt: the resource exists in another tenant";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    AuditWriter writer;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAlone(AuditRecord record) {
        writer.write(List.of(record));
    }

    /**
     * Records a "not found" that was in fact an attempt on another tenant's resource, if it was: the caller got the
     * same 404 as for an id nobody uses (nothing leaks to them), the trail says which it was. Looks across tenants
     * in this transaction of its own, which does nothing else.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordNotFound(AuditRecord record) {
        writer.write(List.of(existsInAnotherTenant(record) ? record.withReason(CROSS_TENANT) : record));
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
}
