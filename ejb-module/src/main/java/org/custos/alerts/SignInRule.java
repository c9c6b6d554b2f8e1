package org.custos.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.custos.accounts.RealmAdminClient;
import org.custos.alerts.AlertRules.Threshold;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Failed sign-ins at Keycloak (wrong passwords or codes): more than the threshold for one account within the window
 * ({@code custos.alerts.failed-logins.*}) raises {@code failed-sign-ins} for the account's tenant. Read from
 * Keycloak's login events with the application's service account; outside the timer's transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignInRule {

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    RealmAdminClient keycloak;

    /** Does nothing where account administration is not configured: there is no service account to read with. */
    public void watch(Threshold threshold) throws SQLException {
        if (!keycloak.configured()) {
            return;
        }
        List<EventRepresentation> failures = keycloak.failedSignInsSince(Instant.now().minus(threshold.window()));
        Map<String, List<EventRepresentation>> byAccount = new LinkedHashMap<>();
        failures.forEach(event -> byAccount.computeIfAbsent(event.getUserId(), id -> new ArrayList<>())
                .add(event));
        long bucket = threshold.bucket(Instant.now().getEpochSecond());
        try (Connection db = dataSource.getConnection()) {
            for (Map.Entry<String, List<EventRepresentation>> account : byAccount.entrySet()) {
                if (account.getValue().size() <= threshold.count()) {
                    continue;
                }
                Optional<String> tenant = keycloak.tenantOf(account.getKey());
                EventRepresentation last = account.getValue().get(account.getValue().size() - 1);
                String username = last.getDetails() == null ? null : last.getDetails().get("username");
                AlertTable.raise(db, RaisedAlert.of(tenant.orElse(null), "failed-sign-ins", account.getKey(),
                        account.getKey(), username, last.getIpAddress(), account.getValue().size()
                                + " failed sign-ins within " + threshold.window().toMinutes() + " minutes (threshold "
                                + threshold.count() + ")", bucket));
            }
        }
    }
}
