package org.custos.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.audit.Audited;
import org.custos.errors.RequestRefused;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;

/**
 * The alerts of a tenant, for its privacy officers and auditors (the platform administrator: any tenant's, and the
 * platform's own — failed authentications that name no tenant); privacy officers acknowledge them with a comment.
 */
@Stateless
public class Alerts {

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CurrentCaller caller;

    /**
     * @param tenant whose alerts; null for the caller's own (the platform's for the platform administrator)
     * @param all    acknowledged ones too
     */
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AUDITOR, Roles.PLATFORM_ADMIN})
    @Audited(value = "list-alerts", target = "Alert", idArgument = -1)
    public List<Alert> list(String tenant, boolean all, int first, int max) {
        try (Connection db = dataSource.getConnection()) {
            return AlertTable.list(db, tenantOf(tenant), all, Math.max(0, first), Math.min(200, Math.max(1, max)));
        } catch (SQLException e) {
            throw new IllegalStateException("The alerts could not be read", e);
        }
    }

    /** @throws RequestRefused 404 when the tenant has no open alert with this id */
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.PLATFORM_ADMIN})
    @Audited(value = "acknowledge-alert", target = "Alert", idArgument = 1)
    public Alert acknowledge(String tenant, String id, String comment) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw new RequestRefused(404, "No such open alert");
        }
        if (comment == null || comment.isBlank() || comment.length() > 500) {
            throw new RequestRefused(400, "An acknowledgement needs a comment of at most 500 characters");
        }
        try (Connection db = dataSource.getConnection()) {
            return AlertTable.acknowledge(db, tenantOf(tenant), Long.parseLong(id), caller.get().username(), comment)
                    .orElseThrow(() -> new RequestRefused(404, "No such open alert"));
        } catch (SQLException e) {
            throw new IllegalStateException("The alert could not be acknowledged", e);
        }
    }

    private String tenantOf(String tenant) {
        Caller current = caller.get();
        String chosen = tenant != null ? tenant : current.tenant().orElse("");
        if (!current.reachesTenant(chosen)) {
            throw new RequestRefused(404, "No such tenant");
        }
        return chosen.isEmpty() ? null : chosen;
    }
}
