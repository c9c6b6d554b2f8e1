package org.custos.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.custos.alerts.AlertRules.Threshold;
import org.custos.audit.AuditTrail;
import org.custos.identity.Roles;

/**
 * The anomaly rules over one audit chain's newly sealed records. Rules on a single record (access outside working
 * hours, break-the-glass) look at each; rules on a burst (many distinct patients, refusals, failed authentications)
 * count, for every person or source seen in the new records, their records of the rule's window.
 */
final class TrailRules {

    /** Actions that read patient data. */
    private static final List<String> READS = List.of("read", "vread", "search", "history", "everything", "export");
    private static final int BATCH = 5000;

    private final AlertRules rules;

    TrailRules(AlertRules rules) {
        this.rules = rules;
    }

    /** @return the place of the last record looked at */
    long watch(Connection db, String chain, long afterSeq) throws SQLException {
        String tenant = chain.isEmpty() ? null : chain;
        Set<String> readers = new HashSet<>();
        Set<String> refused = new HashSet<>();
        Set<String> failingSources = new HashSet<>();
        long last = afterSeq;
        try (PreparedStatement select = inChain(db, "SELECT id, recorded_at, actor_subject, actor_username,"
                + " actor_roles, action, outcome, reason, source_ip, cardinality(patient_ids) AS patients, chain_seq"
                + " FROM audit_event WHERE ", tenant, " AND chain_seq > ? ORDER BY chain_seq LIMIT " + BATCH)) {
            select.setLong(tenant == null ? 1 : 2, afterSeq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    last = rows.getLong("chain_seq");
                    String subject = rows.getString("actor_subject");
                    boolean human = subject != null && !(" " + rows.getString("actor_roles") + " ")
                            .contains(" " + Roles.EHR_CLIENT + " ");
                    boolean success = rows.getInt("outcome") < 400;
                    boolean patientData = rows.getInt("patients") > 0;
                    Instant at = rows.getObject("recorded_at", OffsetDateTime.class).toInstant();
                    if (human && success && patientData && !rules.workingHours().includes(at)) {
                        AlertTable.raise(db, RaisedAlert.of(tenant, "after-hours", subject, subject,
                                rows.getString("actor_username"), rows.getString("source_ip"),
                                "access to patient data outside working hours", rules.workingHours().localDate(at)));
                    }
                    if ("break-the-glass".equals(rows.getString("action"))) {
                        AlertTable.raise(db, RaisedAlert.of(tenant, "break-the-glass", subject, subject,
                                rows.getString("actor_username"), rows.getString("source_ip"),
                                "emergency access (break-the-glass) to a patient's record", rows.getLong("id")));
                    }
                    if (human && success && patientData && READS.contains(rows.getString("action"))) {
                        readers.add(subject);
                    }
                    if (rows.getInt("outcome") == 403 || AuditTrail.CROSS_TENANT.equals(rows.getString("reason"))) {
                        refused.add(subject != null ? subject : String.valueOf(rows.getString("source_ip")));
                    }
                    if (rows.getInt("outcome") == 401) {
                        failingSources.add(String.valueOf(rows.getString("source_ip")));
                    }
                }
            }
        }
        burst(db, tenant, "many-patients", rules.manyPatients(), readers, "actor_subject", "count(DISTINCT patient)",
                ", unnest(patient_ids) AS patient", "outcome < 400 AND action IN ('read', 'vread', 'search',"
                + " 'history', 'everything', 'export')", "distinct patients read");
        burst(db, tenant, "denials", rules.denials(), refused, "coalesce(actor_subject, source_ip)", "count(*)", "",
                "(outcome = 403 OR reason = '" + AuditTrail.CROSS_TENANT + "')", "requests refused");
        burst(db, tenant, "failed-logins", rules.failedLogins(), failingSources, "source_ip", "count(*)", "",
                "outcome = 401", "requests with a missing or invalid token");
        return last;
    }

    /**
     * Raises the rule for every one of {@code who} (values of {@code key}) whose {@code measure} over the
     * records of the window matching {@code condition} is above the threshold.
     */
    private static void burst(Connection db, String tenant, String rule, Threshold threshold, Set<String> who,
                              String key, String measure, String join, String condition, String what)
            throws SQLException {
        if (who.isEmpty()) {
            return;
        }
        try (PreparedStatement count = inChain(db, "SELECT " + key + " AS who, max(actor_subject),"
                + " max(actor_username), max(source_ip), " + measure + " FROM audit_event" + join + " WHERE ", tenant,
                " AND recorded_at >= clock_timestamp() - make_interval(mins => ?) AND " + condition + " AND " + key
                + " = ANY (?) GROUP BY " + key + " HAVING " + measure + " > ?")) {
            int parameter = tenant == null ? 1 : 2;
            count.setInt(parameter++, (int) threshold.window().toMinutes());
            count.setArray(parameter++, db.createArrayOf("text", who.toArray()));
            count.setInt(parameter, threshold.count());
            long bucket = threshold.bucket(Instant.now().getEpochSecond());
            try (ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    AlertTable.raise(db, RaisedAlert.of(tenant, rule, rows.getString(1), rows.getString(2),
                            rows.getString(3), rows.getString(4), rows.getLong(5) + " " + what + " within "
                            + threshold.window().toMinutes() + " minutes (threshold " + threshold.count() + ")",
                            bucket));
                }
            }
        }
    }

    /** A statement over one chain's records, by the tenant column as indexed; the tenant is parameter 1 if any. */
    private static PreparedStatement inChain(Connection db, String before, String tenant, String after)
            throws SQLException {
        PreparedStatement statement = db.prepareStatement(before + (tenant == null ? "tenant_id IS NULL"
                : "tenant_id = ?") + after);
        if (tenant != null) {
            statement.setString(1, tenant);
        }
        return statement;
    }
}
