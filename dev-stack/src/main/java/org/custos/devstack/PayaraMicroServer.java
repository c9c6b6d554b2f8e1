package org.custos.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The application on Payara Micro, as a child process: the combined WAR deployed at the root context, the JDBC pool
 * created by server-config's post-boot commands, configured through environment variables exactly as production
 * would configure it.
 */
public final class PayaraMicroServer implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** What Payara logs when the application failed to deploy; the server itself keeps running. */
    private static final String DEPLOYMENT_FAILED = "Exception while loading the app";
    private static final Logger LOG = Logger.getLogger(PayaraMicroServer.class.getName());

    private final ServerProcess process;

    private PayaraMicroServer(ServerProcess process) {
        this.process = process;
    }

    public static PayaraMicroServer start(StackSettings settings, DevSecrets secrets, DevKeys keys,
                                          EmbeddedDatabase database, Artifacts artifacts) throws IOException {
        ServerProcess.requireFreePort(settings.appPort(), "Set CUSTOS_HTTP_PORT to use another port.");
        // Payara Micro's domain folder holds no data (that is all in PostgreSQL), but it caches the exploded WAR
        // and the post-boot resources: started fresh every time so a rebuilt WAR is what runs.
        Path rootDir = settings.runDir().resolve("payara-micro");
        ServerProcess.deleteRecursively(rootDir);
        Files.createDirectories(rootDir);
        Files.createDirectories(settings.tmpDir());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(settings.jvmTmpOptions());
        command.addAll(List.of(
                "-jar", artifacts.payaraMicroJar().toString(),
                "--rootdir", rootDir.toString(),
                "--nocluster",
                "--disablephonehome",
                "--port", Integer.toString(settings.appPort()),
                "--addlibs", artifacts.postgresqlJar().toString(),
                "--postbootcommandfile", artifacts.serverConfig().resolve("payara/custos-resources.asadmin").toString(),
                "--deploy", artifacts.appWar().toString(),
                "--contextroot", "/"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("CUSTOS_DB_URL", database.jdbcUrl(EmbeddedDatabase.APP_DATABASE));
        env.put("CUSTOS_DB_USER", EmbeddedDatabase.APP_ROLE);
        env.put("CUSTOS_DB_PASSWORD", secrets.appDatabasePassword());
        env.put("MP_JWT_VERIFY_ISSUER", settings.issuer());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", settings.issuer() + "/protocol/openid-connect/certs");
        env.put("CUSTOS_PROFILE", "dev");
        env.put("CUSTOS_CRYPTO_DATA_KEYSET_FILE", keys.dataKeyset().toString());
        env.put("CUSTOS_CRYPTO_INDEX_KEYSET_FILE", keys.indexKeyset().toString());
        Instant started = Instant.now();
        ServerProcess process = ServerProcess.start("Payara Micro", builder, settings.logDir().resolve("payara-micro.log"));
        process.awaitHttpOk(URI.create(settings.appUrl() + "/fhir/metadata"), START_TIMEOUT, DEPLOYMENT_FAILED);
        LOG.info(() -> "Payara Micro serves FHIR after " + Duration.between(started, Instant.now()).toSeconds() + " s");
        return new PayaraMicroServer(process);
    }

    public Path logFile() {
        return process.log();
    }

    /** Stops Payara Micro gracefully (SIGTERM), forcibly after 30 s. */
    @Override
    public void close() {
        process.close();
    }
}
