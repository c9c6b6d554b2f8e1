package org.custos.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * DEV-ONLY Keycloak (the official Quarkus distribution, resolved by Maven) as a child process, storing its data
 * in the embedded PostgreSQL - never H2 - so sessions, brute-force counters and the realm survive restarts.
 *
 * <p>The realm is imported with {@code --import-realm}, which skips a realm that already exists: a second start
 * keeps whatever is in the database. After editing hospital-realm.json, delete the realm in the admin console
 * (or {@code <runDir>/postgres}) to import it again.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = Logger.getLogger(KeycloakServer.class.getName());

    private final ServerProcess process;

    private KeycloakServer(ServerProcess process) {
        this.process = process;
    }

    /** Starts Keycloak and waits up to {@link #DEFAULT_START_TIMEOUT} for the realm's OpenID configuration. */
    public static KeycloakServer start(StackSettings settings, DevSecrets secrets, EmbeddedDatabase database,
                                       Path keycloakZip, Path realmJson) throws IOException {
        return start(settings, secrets, database, keycloakZip, realmJson, DEFAULT_START_TIMEOUT);
    }

    public static KeycloakServer start(StackSettings settings, DevSecrets secrets, EmbeddedDatabase database,
                                       Path keycloakZip, Path realmJson, Duration timeout) throws IOException {
        ServerProcess.requireFreePort(settings.keycloakPort(),
                "Is another Keycloak still running? Set CUSTOS_KEYCLOAK_PORT to use another port.");
        Path home = unpackOnce(keycloakZip, settings.runDir());
        Path importDir = home.resolve("data").resolve("import");
        Files.createDirectories(importDir);
        Files.copy(realmJson, importDir.resolve("hospital-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        Path log = settings.logDir().resolve("keycloak.log");

        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-port=" + settings.keycloakPort(), "--import-realm")
                .directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_DB", "postgres");
        env.put("KC_DB_URL", database.jdbcUrl(EmbeddedDatabase.KEYCLOAK_DATABASE));
        env.put("KC_DB_USERNAME", EmbeddedDatabase.KEYCLOAK_ROLE);
        env.put("KC_DB_PASSWORD", secrets.keycloakDatabasePassword());
        // Used only when the master realm is created (first start); later starts ignore it.
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.keycloakAdminPassword());
        // Fixed hostname: the issuer stays http://localhost:<port>/realms/hospital even when a client calls
        // 127.0.0.1, because the app validates iss against exactly that string.
        env.put("KC_HOSTNAME", settings.keycloakUrl());
        env.put("KC_HTTP_HOST", "127.0.0.1");
        env.put("KC_HEALTH_ENABLED", "true");
        // Placeholder of the realm file: where Keycloak reports ended staff sessions (OIDC back-channel logout).
        env.put("CUSTOS_BACKCHANNEL_LOGOUT_URL", settings.appUrl() + "/auth/backchannel-logout");
        // Placeholders of the realm file: its account e-mails go to the dev mail server.
        env.put("CUSTOS_SMTP_HOST", "127.0.0.1");
        env.put("CUSTOS_SMTP_PORT", Integer.toString(settings.smtpPort()));
        // Management interface (health) next to the HTTP port instead of the shared default 9000.
        env.put("KC_HTTP_MANAGEMENT_PORT", String.valueOf(settings.keycloakPort() + 1000));
        env.put("KC_CACHE", "local");
        // Keycloak otherwise takes 70% of the machine's memory, next to Payara and PostgreSQL.
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        Files.createDirectories(settings.tmpDir());
        env.put("JAVA_OPTS_APPEND", String.join(" ", settings.jvmTmpOptions()));

        Instant started = Instant.now();
        LOG.info(() -> "Starting Keycloak " + home.getFileName() + " on " + settings.keycloakUrl() + ", log " + log);
        ServerProcess process = ServerProcess.start("Keycloak", builder, log);
        process.awaitHttpOk(URI.create(settings.issuer() + "/.well-known/openid-configuration"), timeout);
        LOG.info(() -> "Keycloak ready after " + Duration.between(started, Instant.now()).toSeconds() + " s");
        return new KeycloakServer(process);
    }

    /** Unpacks into a temporary folder and renames it, so an interrupted unpack is never mistaken for done. */
    static Path unpackOnce(Path zip, Path runDir) throws IOException {
        String name = zip.getFileName().toString();
        String version = name.replace("keycloak-quarkus-dist-", "").replace(".zip", "");
        Path home = runDir.resolve("keycloak-" + version);
        if (Files.isExecutable(home.resolve("bin").resolve("kc.sh"))) {
            return home;
        }
        Path partial = runDir.resolve("keycloak-" + version + ".partial");
        ServerProcess.deleteRecursively(partial);
        Files.createDirectories(partial);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String entryName = entry.getName();
                int slash = entryName.indexOf('/');  // strip the top folder "keycloak-<version>/"
                if (slash < 0 || slash == entryName.length() - 1) {
                    continue;
                }
                Path target = partial.resolve(entryName.substring(slash + 1)).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("Refusing zip entry outside the target folder: " + entryName);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    // ZipInputStream drops Unix permissions; the launch scripts need the executable bit.
                    if (target.getParent().getFileName().toString().equals("bin") && entryName.endsWith(".sh")) {
                        target.toFile().setExecutable(true, true);
                    }
                }
            }
        }
        Files.move(partial, home);
        return home;
    }

    public Path logFile() {
        return process.log();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** SIGTERM (kc.sh forwards it to the JVM, which shuts down gracefully), then force after 30 s. */
    @Override
    public void close() {
        process.close();
    }
}
