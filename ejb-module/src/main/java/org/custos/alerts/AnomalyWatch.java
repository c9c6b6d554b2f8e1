package org.custos.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
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

import org.eclipse.microprofile.config.Config;

/**
 * Runs the anomaly rules every five seconds over the audit records sealed since the last run (sealed records are
 * final and ordered, so none is seen twice or skipped), and delivers new alerts to the webhook. Safe on several
 * servers: each chain's cursor is taken with {@code SKIP LOCKED}, and an occurrence is raised once
 * ({@code dedupe_key}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AnomalyWatch {

    private static final Logger LOG = Logger.getLogger(AnomalyWatch.class.getName());

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    Config config;

    @Inject
    AlertWebhook webhook;

    @Inject
    ExportRule exports;

    @Inject
    SignInRule signIns;

    private final AtomicBoolean watching = new AtomicBoolean();
    private AlertRules rules;

    /** Reads the thresholds at deployment: a malformed one fails the deployment, not every tick. */
    @PostConstruct
    void readRules() {
        rules = AlertRules.from(config);
    }

    /** In the container's transaction; never throws, or the container would drop the timer. */
    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void watch() {
        if (!watching.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            TrailRules trail = new TrailRules(rules);
            try (PreparedStatement chains = db.prepareStatement("SELECT h.chain FROM audit_chain_head h LEFT JOIN"
                    + " audit_alert_cursor c ON c.chain = h.chain WHERE h.last_seq > coalesce(c.last_seq, 0)");
                 ResultSet grown = chains.executeQuery()) {
                while (grown.next()) {
                    watchChain(db, trail, grown.getString(1));
                }
            }
        } catch (SQLException | RuntimeException e) {
            transactions.setRollbackOnly();
            LOG.log(Level.WARNING, "The anomaly rules could not run now (will retry): {0}", e.getClass().getName());
        } finally {
            watching.set(false);
        }
    }

    private static void watchChain(Connection db, TrailRules trail, String chain) throws SQLException {
        try (PreparedStatement create = db.prepareStatement("INSERT INTO audit_alert_cursor (chain, last_seq)"
                + " VALUES (?, 0) ON CONFLICT DO NOTHING");
             PreparedStatement lock = db.prepareStatement("SELECT last_seq FROM audit_alert_cursor WHERE chain = ?"
                     + " FOR UPDATE SKIP LOCKED");
             PreparedStatement advance = db.prepareStatement("UPDATE audit_alert_cursor SET last_seq = ?"
                     + " WHERE chain = ?")) {
            create.setString(1, chain);
            create.executeUpdate();
            lock.setString(1, chain);
            try (ResultSet cursor = lock.executeQuery()) {
                if (!cursor.next()) {
                    return;
                }
                advance.setLong(1, trail.watch(db, chain, cursor.getLong(1)));
                advance.setString(2, chain);
                advance.executeUpdate();
            }
        }
    }

    /**
     * Large exports, failed sign-ins at Keycloak, and delivery of new alerts: each in transactions of its own
     * (Payara runs timers in one).
     */
    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void runOtherRulesAndDeliver() {
        try {
            exports.watch(rules.largeExportResources());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The export rule could not run now (will retry): {0}", e.getClass().getName());
        }
        try {
            signIns.watch(rules.failedLogins());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The sign-in rule could not run now (will retry): {0}", e.getClass().getName());
        }
        try {
            webhook.deliverPending();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Alerts could not be delivered now (will retry): {0}", e.getClass().getName());
        }
    }
}
