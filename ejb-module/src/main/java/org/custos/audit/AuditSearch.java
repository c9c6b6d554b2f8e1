package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.errors.RequestRefused;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;

/**
 * Searching the audit trail, newest first: a tenant's auditors and privacy officers search their tenant's records,
 * the platform administrator any tenant's. Every search and export is itself recorded.
 */
@Stateless
public class AuditSearch {

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CurrentCaller caller;

    /** How many records one export holds at most (newest first); narrow the filters for more. */
    public static final int MAX_EXPORT = 10_000;

    /** @param tenant whose records; null for the caller's own tenant (platform administrators: any) */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "search-audit", target = "AuditTrail")
    public List<AuditEntry> search(String tenant, AuditQuery query) {
        return find(tenant, query, query.max(), query.first());
    }

    /** The same records for an export: up to {@link #MAX_EXPORT}, newest first. */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "export-audit", target = "AuditTrail")
    public List<AuditEntry> export(String tenant, AuditQuery query) {
        return find(tenant, query, MAX_EXPORT, 0);
    }

    private List<AuditEntry> find(String tenant, AuditQuery query, int limit, int offset) {
        Caller current = caller.get();
        String chain = tenant != null ? tenant : current.tenant().orElse("");
        if (!current.reachesTenant(chain)) {
            throw new RequestRefused(404, "No such audit trail");
        }
        List<Object> parameters = new ArrayList<>(List.of(chain));
        StringBuilder where = new StringBuilder("coalesce(tenant_id, '') = ?");
        condition(where, parameters, "? = ANY(patient_ids)", query.patient());
        condition(where, parameters, "actor_username = ?", query.user());
        condition(where, parameters, "actor_client = ?", query.client());
        condition(where, parameters, "action = ?", query.action());
        condition(where, parameters, "outcome = ?", query.outcome());
        condition(where, parameters, "recorded_at >= ?", query.from().map(Timestamp::from));
        condition(where, parameters, "recorded_at < ?", query.to().map(Timestamp::from));
        String sql = "SELECT id, recorded_at, tenant_id, actor_subject, actor_username, actor_client, actor_roles,"
                + " action, resource_type, resource_id, resource_version, patient_ids, outcome, reason, source_ip,"
                + " request_id, request_method, request_path, chain_seq FROM audit_event WHERE " + where
                + " ORDER BY id DESC LIMIT " + limit + " OFFSET " + offset;
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("The audit trail could not be searched", e);
        }
    }

    private static void condition(StringBuilder where, List<Object> parameters, String sql, Optional<?> value) {
        value.ifPresent(present -> {
            where.append(" AND ").append(sql);
            parameters.add(present);
        });
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        Array patients = row.getArray("patient_ids");
        return new AuditEntry(row.getLong("id"), row.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                row.getString("tenant_id"), row.getString("actor_subject"), row.getString("actor_username"),
                row.getString("actor_client"), row.getString("actor_roles"), row.getString("action"),
                row.getString("resource_type"), row.getString("resource_id"),
                (Long) row.getObject("resource_version"),
                patients == null ? List.of() : Arrays.stream((Object[]) patients.getArray()).map(String::valueOf)
                        .toList(),
                row.getInt("outcome"), row.getString("reason"), row.getString("source_ip"),
                row.getString("request_id"), row.getString("request_method"), row.getString("request_path"),
                (Long) row.getObject("chain_seq"));
    }
}
