package org.custos.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** The {@code audit_alert} table (V19): raising, listing, acknowledging and marking delivery. */
final class AlertTable {

    private static final Logger LOG = Logger.getLogger(AlertTable.class.getName());
    private static final String COLUMNS = "id, tenant_id, rule, raised_at, actor_username, source_ip, detail,"
            + " acknowledged_at, acknowledged_by, acknowledgement, delivered_at";

    private AlertTable() {
    }

    /** Stores the alert unless this occurrence was raised before. */
    static void raise(Connection db, RaisedAlert alert) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO audit_alert (tenant_id, rule, actor_subject,"
                + " actor_username, source_ip, detail, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")) {
            insert.setString(1, alert.tenant());
            insert.setString(2, alert.rule());
            insert.setString(3, alert.actorSubject());
            insert.setString(4, alert.actorUsername());
            insert.setString(5, alert.sourceIp());
            insert.setString(6, alert.detail());
            insert.setString(7, alert.dedupeKey());
            try (ResultSet raised = insert.executeQuery()) {
                if (raised.next()) {
                    long id = raised.getLong(1);
                    LOG.warning(() -> "Alert " + id + " raised: " + alert.rule() + " (tenant "
                            + (alert.tenant() == null ? "(platform)" : alert.tenant()) + ")");
                }
            }
        }
    }

    /** A tenant's alerts (null: the platform's), newest first; only open ones unless {@code all}. */
    static List<Alert> list(Connection db, String tenant, boolean all, int first, int max) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM audit_alert WHERE tenant_id " + (tenant == null ? "IS NULL"
                : "= ?") + (all ? "" : " AND acknowledged_at IS NULL") + " ORDER BY id DESC LIMIT ? OFFSET ?";
        try (PreparedStatement select = db.prepareStatement(sql)) {
            int parameter = 1;
            if (tenant != null) {
                select.setString(parameter++, tenant);
            }
            select.setInt(parameter++, max);
            select.setInt(parameter, first);
            return alerts(select);
        }
    }

    /** Acknowledges an open alert of the tenant; empty when there is none by that id. */
    static Optional<Alert> acknowledge(Connection db, String tenant, long id, String by, String comment)
            throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE audit_alert SET acknowledged_at ="
                + " clock_timestamp(), acknowledged_by = ?, acknowledgement = ? WHERE id = ? AND tenant_id "
                + (tenant == null ? "IS NULL" : "= ?") + " AND acknowledged_at IS NULL RETURNING " + COLUMNS)) {
            update.setString(1, by);
            update.setString(2, comment);
            update.setLong(3, id);
            if (tenant != null) {
                update.setString(4, tenant);
            }
            return alerts(update).stream().findFirst();
        }
    }

    /** Alerts not delivered to the webhook yet, oldest first, that have not used up their attempts. */
    static List<Alert> undelivered(Connection db, int maxAttempts, int max) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT " + COLUMNS + " FROM audit_alert WHERE"
                + " delivered_at IS NULL AND delivery_attempts < ? ORDER BY id LIMIT ?")) {
            select.setInt(1, maxAttempts);
            select.setInt(2, max);
            return alerts(select);
        }
    }

    static void deliveryTried(Connection db, long id, boolean delivered) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE audit_alert SET delivery_attempts ="
                + " delivery_attempts + 1, delivered_at = CASE WHEN ? THEN clock_timestamp() END WHERE id = ?")) {
            update.setBoolean(1, delivered);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    private static List<Alert> alerts(PreparedStatement statement) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                alerts.add(new Alert(rows.getLong("id"), rows.getString("tenant_id"), rows.getString("rule"),
                        instant(rows, "raised_at"), rows.getString("actor_username"), rows.getString("source_ip"),
                        rows.getString("detail"), instant(rows, "acknowledged_at"), rows.getString("acknowledged_by"),
                        rows.getString("acknowledgement"), instant(rows, "delivered_at")));
            }
        }
        return alerts;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
