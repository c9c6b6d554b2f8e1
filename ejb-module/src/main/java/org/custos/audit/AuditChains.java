package org.custos.audit;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.crypto.CryptoKeys;
import org.custos.errors.RequestRefused;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;

/**
 * Verifying a tenant's audit chain: its auditors and privacy officers verify their own tenant's, the platform
 * administrator any tenant's and the platform's own ({@code ""}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditChains {

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CurrentCaller caller;

    @Inject
    CryptoKeys keys;

    @Inject
    AuditRetention retention;

    /** @param tenant the chain to walk; null for the caller's own tenant */
    @RolesAllowed({Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "verify-audit-chain", target = "AuditChain")
    public ChainVerification verify(String tenant) {
        Caller current = caller.get();
        String chain = tenant != null ? tenant : current.tenant().orElse("");
        if (!current.reachesTenant(chain)) {
            throw new RequestRefused(404, "No such audit chain");
        }
        try (Connection db = dataSource.getConnection()) {
            return ChainWalk.verifyInSnapshot(db, chain, keys.audit());
        } catch (SQLException e) {
            throw new IllegalStateException("The audit chain could not be read", e);
        }
    }

    /**
     * Runs the retention purge of a tenant's chain now (it also runs every night): records older than the tenant's
     * retention go, up to a signed checkpoint. The platform administrator only.
     */
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Audited(value = "purge-audit", target = "AuditChain")
    public PurgeResult purge(String tenant) {
        if (tenant == null || !caller.get().reachesTenant(tenant)) {
            throw new RequestRefused(404, "No such audit chain");
        }
        return retention.purge(tenant);
    }
}
