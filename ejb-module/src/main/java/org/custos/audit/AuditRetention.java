package org.custos.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.crypto.CryptoKeys;
import org.custos.tenants.TenantTable;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Retention of the audit trail: every night each chain's records older than its tenant's retention (the tenant's
 * setting, else {@code custos.audit.retention-days}; never under six years) are purged up to a signed checkpoint
 * ({@link ChainPurge}), so that what remains still verifies.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());
    /** HIPAA's six years; the database refuses to purge younger records whatever is configured. */
    static final int MINIMUM_DAYS = 2190;

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Resource
    SessionContext context;

    @Inject
    CryptoKeys keys;

    @Inject
    TenantTable tenants;

    @Inject
    @ConfigProperty(name = "custos.audit.retention-days", defaultValue = "2190")
    int defaultRetentionDays;

    @Schedule(hour = "3", minute = "17", persistent = false)
    void purgeEveryChain() {
        for (String chain : chains()) {
            try {
                // Through the container, so that each chain is purged outside the timer's transaction.
                context.getBusinessObject(AuditRetention.class).purge(chain);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The retention purge of an audit chain failed: {0}", e.getClass().getName());
            }
        }
    }

    /** Purges one chain ({@code ""}: the platform's) of the records its retention no longer keeps. */
    public PurgeResult purge(String chain) {
        int days = Math.max(MINIMUM_DAYS, chain.isEmpty() ? defaultRetentionDays
                : tenants.auditRetentionDays(chain).orElse(defaultRetentionDays));
        try (Connection db = dataSource.getConnection()) {
            return ChainPurge.purge(db, chain, Instant.now().minus(Duration.ofDays(days)), keys.audit());
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chain could not be purged", e);
        }
    }

    private List<String> chains() {
        try (Connection db = dataSource.getConnection()) {
            return ChainWalk.chains(db);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chains could not be listed", e);
        }
    }
}
