package org.custos.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
 * the platform administrator any tenant's; and the accounting of disclosures of one patient, which the patient may
 * ask for too. Every search, read, export and report is itself recorded.
 */
@Stateless
public class AuditSearch {

    /** How many records one export or disclosure report holds at most (newest first); narrow the filters for more. */
    public static final int MAX_EXPORT = 10_000;

    private static final String COLUMNS = "id, recorded_at, tenant_id, actor_subject, actor_username, actor_client,"
            + " actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome, reason,"
            + " purpose_of_use, source_ip, user_agent, request_id, request_method, request_path, chain_seq";

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CurrentCaller caller;

    /** @param tenant whose records; null for the caller's own tenant (platform administrators: any) */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "search-audit", target = "AuditTrail")
    public List<AuditEntry> search(String tenant, AuditQuery query) {
        return find(chain(tenant), query, query.max(), query.first());
    }

    /** The same records for an export: up to {@link #MAX_EXPORT}, newest first. */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "export-audit", target = "AuditTrail")
    public List<AuditEntry> export(String tenant, AuditQuery query) {
        return find(chain(tenant), query, MAX_EXPORT, 0);
    }

    /** One record of the caller's tenant, by its id. */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER})
    @Audited(value = "read-audit", target = "AuditEvent")
    public Optional<AuditEntry> read(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        String where = ofChain(chain(null), parameters) + " AND id = ?";
        parameters.add(Long.parseLong(id));
        return select(where, parameters, 1, 0).stream().findFirst();
    }

    /**
     * Every access that returned or changed the patient's data in {@code [from, to)} (outcome below 400), newest
     * first. Auditors and privacy officers of the tenant ask for any patient; a patient only for themselves (the
     * patient their token is linked to), others get 404 as for a patient that does not exist.
     */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PATIENT})
    @Audited(value = "disclosure-report", target = "Patient")
    public DisclosureReport disclosures(String patientId, Instant from, Instant to) {
        Caller current = caller.get();
        boolean staff = current.hasRole(Roles.AUDITOR) || current.hasRole(Roles.PRIVACY_OFFICER);
        if (!staff && current.patient().filter(patientId::equals).isEmpty()) {
            throw new RequestRefused(404, "No such patient");
        }
        AuditQuery query = AuditQuery.of(Optional.of(patientId), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(from), Optional.of(to), 0, 1).withOutcomes(100, 399);
        List<AuditEntry> accesses = find(chain(null), query, MAX_EXPORT + 1, 0);
        boolean truncated = accesses.size() > MAX_EXPORT;
        return new DisclosureReport(patientId, from, to, truncated ? accesses.subList(0, MAX_EXPORT) : accesses,
                truncated);
    }

    private String chain(String tenant) {
        Caller current = caller.get();
        String chain = tenant != null ? tenant : current.tenant().orElse("");
        if (!current.reachesTenant(chain)) {
            throw new RequestRefused(404, "No such audit trail");
        }
        return chain;
    }

    private List<AuditEntry> find(String chain, AuditQuery query, int limit, int offset) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(ofChain(chain, parameters));
        query.patient().ifPresent(patient -> {
            // Sealed records through the sealer's patient index, the last seconds' through the unsealed ones.
            where.append(" AND id IN (SELECT audit_id FROM audit_patient_access WHERE tenant_id = ? AND"
                    + " patient_id = ? UNION ALL SELECT id FROM audit_event WHERE hash IS NULL AND ? = ANY(patient_ids))");
            parameters.addAll(List.of(chain, patient, patient));
        });
        condition(where, parameters, "actor_username = ?", query.user());
        condition(where, parameters, "actor_client = ?", query.client());
        condition(where, parameters, "action = ?", query.action());
        condition(where, parameters, "outcome >= ?", query.outcomeFrom());
        condition(where, parameters, "outcome <= ?", query.outcomeTo());
        condition(where, parameters, "recorded_at >= ?", query.from().map(Timestamp::from));
        condition(where, parameters, "recorded_at < ?", query.to().map(Timestamp::from));
        return select(where.toString(), parameters, limit, offset);
    }

    private List<AuditEntry> select(String where, List<Object> parameters, int limit, int offset) {
        String sql = "SELECT " + COLUMNS + " FROM audit_event WHERE " + where + " ORDER BY id DESC LIMIT " + limit
                + " OFFSET " + offset;
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

    /** The chain's records, by the tenant column as the time index has it ({@code ""}: the platform's). */
    private static String ofChain(String chain, List<Object> parameters) {
        if (chain.isEmpty()) {
            return "tenant_id IS NULL";
        }
        parameters.add(chain);
        return "tenant_id = ?";
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
                row.getInt("outcome"), row.getString("reason"), row.getString("purpose_of_use"),
                row.getString("source_ip"), row.getString("user_agent"), row.getString("request_id"),
                row.getString("request_method"), row.getString("request_path"), (Long) row.getObject("chain_seq"));
    }
}
