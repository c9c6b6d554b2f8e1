package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.custos.devstack.Artifacts;
import org.custos.devstack.PayaraMicroServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application, started for real on Payara Micro next to the test stack (same database and Keycloak), refuses
 * to start when PHI could not be protected: without its keys, in the production profile without TLS to PostgreSQL,
 * or on a database whose tables its own role owns. It says which setting is missing or what to run.
 */
@ExtendWith(RunningStack.class)
class StartupRefusalIT {

    private static String failedStartLog(String name, Map<String, String> environmentChanges) throws IOException {
        assertThrows(IOException.class, () -> PayaraMicroServer.startVariant(name, RunningStack.freePort(),
                RunningStack.stack(), Artifacts.fromBuild(), environmentChanges).close());
        return Files.readString(RunningStack.settings().logDir().resolve(name + ".log"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void withoutItsDataKeysetTheApplicationDoesNotStartAndNamesTheSetting() throws IOException {
        Map<String, String> noDataKeys = new HashMap<>();
        noDataKeys.put("CUSTOS_CRYPTO_DATA_KEYSET_FILE", null);
        String log = failedStartLog("payara-micro-without-keys", noDataKeys);
        assertTrue(log.contains("Custos refuses to start: No data keyset is configured: set"
                + " custos.crypto.data-keyset-file (environment variable CUSTOS_CRYPTO_DATA_KEYSET_FILE)"), log);
    }

    @Test
    void productionProfileWithoutVerifiedTlsToPostgresDoesNotStart() throws IOException {
        String log = failedStartLog("payara-micro-production", Map.of("CUSTOS_PROFILE", "production"));
        assertTrue(log.contains("Custos refuses to start: the production profile requires TLS to PostgreSQL"), log);
    }

    @Test
    void theBenchmarksUnencryptedSwitchIsRefusedOutsideTheDevProfile() throws IOException {
        String log = failedStartLog("payara-micro-production-unencrypted", Map.of("CUSTOS_PROFILE", "production",
                "CUSTOS_CRYPTO_UNENCRYPTED_FOR_BENCH", "true"));
        assertTrue(log.contains("Custos refuses to start: custos.crypto.unencrypted-for-bench is a benchmark switch of"
                + " the dev profile only"), log);
    }

    @Test
    void aDatabaseWhoseTablesTheApplicationsRoleOwnsIsRefusedWithTheStatementThatMovesThem() throws Exception {
        // As a database from before the schema owner: the application's role created a table there itself.
        String url = RunningStack.stack().database().appDatabase("custos_app_owned");
        try (Connection application = StackDatabase.applicationRole(url)) {
            application.createStatement().execute("CREATE TABLE left_" + UUID.randomUUID().toString()
                    .replace("-", "") + " (id bigint)");
        }
        String log = failedStartLog("payara-micro-app-owned-schema", Map.of("CUSTOS_DB_URL", url));
        assertTrue(log.contains("Custos refuses to start: the application's database role custos_app still owns 1"
                + " tables"), log);
        assertTrue(log.contains("REASSIGN OWNED BY custos_app TO custos_owner"), log);
    }
}
