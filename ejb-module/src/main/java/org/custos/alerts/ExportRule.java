package org.custos.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;

import org.custos.tenancy.RowSecurity;

/**
 * Large exports: a bulk export of the last day that delivered more resources than the threshold. Read from the
 * export jobs themselves (the audit trail records the kick-off, not how much it delivered), tenant by tenant, in a
 * transaction of its own outside the timer's (an EJB call, so that the container suspends the timer's).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExportRule {

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    public void watch(long threshold) throws SQLException {
        RowSecurity.acrossTenants(dataSource, db -> raiseForLargeExports(db, threshold));
    }

    /**
     * Export jobs and their files are row-secured to their tenant with no platform exception, so each tenant is bound
     * in turn — every tenant with an audit chain, which every tenant that exported has (the kick-off is recorded).
     */
    private static Void raiseForLargeExports(Connection db, long threshold) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (PreparedStatement chains = db.prepareStatement("SELECT chain FROM audit_chain_head WHERE chain <> ''");
             ResultSet rows = chains.executeQuery()) {
            while (rows.next()) {
                tenants.add(rows.getString(1));
            }
        }
        try (PreparedStatement large = db.prepareStatement("SELECT j.job_id, j.requester, sum(f.resource_count)"
                + " FROM fhir_export_job j JOIN fhir_export_file f ON f.job_pk = j.pk WHERE j.tenant_id = ?"
                + " AND j.status = 'COMPLETE' AND j.transaction_time >= clock_timestamp() - interval '1 day'"
                + " GROUP BY j.job_id, j.requester HAVING sum(f.resource_count) > ?")) {
            for (String tenant : tenants) {
                RowSecurity.bindTenant(db, tenant);
                large.setString(1, tenant);
                large.setLong(2, threshold);
                try (ResultSet rows = large.executeQuery()) {
                    while (rows.next()) {
                        AlertTable.raise(db, RaisedAlert.of(tenant, "large-export", rows.getString(1),
                                rows.getString(2), null, null, "bulk export job " + rows.getString(1) + " delivered "
                                        + rows.getLong(3) + " resources (threshold " + threshold + ")", "job"));
                    }
                }
            }
        }
        return null;
    }
}
