package org.custos.tenants;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;

/** The {@code tenant} table (platform data: not scoped to one tenant, so plain JDBC rather than the PHI unit). */
@ApplicationScoped
public class TenantTable {

    private static final String COLUMNS = "tenant_id, name, consent_default, audit_retention_days, requests_per_minute";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    Optional<Tenant> find(String id) {
        List<Tenant> found = query("SELECT " + COLUMNS + " FROM tenant WHERE tenant_id = ?", id);
        return found.stream().findFirst();
    }

    /** The tenant's audit retention in days, when it has settings of its own. */
    public Optional<Integer> auditRetentionDays(String id) {
        return find(id).map(Tenant::auditRetentionDays);
    }

    List<Tenant> all() {
        return query("SELECT " + COLUMNS + " FROM tenant ORDER BY tenant_id");
    }

    /** @return false when the tenant exists already */
    boolean insert(Tenant tenant) {
        return write("INSERT INTO tenant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", tenant) == 1;
    }

    /** Inserts or replaces the settings (a demo tenant of the dev realm has no row until first saved). */
    void save(Tenant tenant) {
        write("INSERT INTO tenant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET"
                + " name = excluded.name, consent_default = excluded.consent_default,"
                + " audit_retention_days = excluded.audit_retention_days,"
                + " requests_per_minute = excluded.requests_per_minute, updated_at = now()", tenant);
    }

    private int write(String sql, Tenant tenant) {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, tenant.id());
            statement.setString(2, tenant.name());
            statement.setString(3, tenant.consentDefault());
            statement.setInt(4, tenant.auditRetentionDays());
            statement.setInt(5, tenant.requestsPerMinute());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Tenant settings could not be written", e);
        }
    }

    private List<Tenant> query(String sql, String... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<Tenant> tenants = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tenants.add(new Tenant(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getInt(5)));
                }
            }
            return tenants;
        } catch (SQLException e) {
            throw new IllegalStateException("Tenant settings could not be read", e);
        }
    }
}
