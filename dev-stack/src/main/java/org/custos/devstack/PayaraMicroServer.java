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
    /** System properties with this prefix are passed to the application as environment variables. */
    public static final String APP_ENV_PREFIX = "custos.app.env.";
    private static final Logger LOG = Logger.getLogger(PayaraMicroServer.class.getName());

    private final ServerProcess process;

    private PayaraMicroServer(ServerProcess process) {
        this.process = process;
    }

    public static PayaraMicroServer start(StackSettings settings, DevSecrets secrets, DevKeys keys,
                                          EmbeddedDatabase database, Artifacts artifacts) throws IOException {
        return start("payara-micro", settings.appPort(), settings, secrets, keys, database, artifacts, Map.of());
    }

    /**
     * Another instance of the application next to the stack's, with its own port, folder and log
     * ({@code NAME.log}), and its environment changed (a null value removes a variable): for tests of how the
     * application refuses to start when it is configured wrongly.
     *
     * @throws IOException when the application did not start; its log says why
     */
    public static PayaraMicroServer startVariant(String name, int port, DevStack stack, Artifacts artifacts,
                                                 Map<String, String> environmentChanges) throws IOException {
        return start(name, port, stack.settings(), stack.secrets(), stack.keys(), stack.database(), artifacts,
                environmentChanges);
    }

    private static PayaraMicroServer start(String name, int port, StackSettings settings, DevSecrets secrets,
                                           DevKeys keys, EmbeddedDatabase database, Artifacts artifacts,
                                           Map<String, String> environmentChanges) throws IOException {
        ServerProcess.requireFreePort(port, "Set CUSTOS_HTTP_PORT to use another port.");
        // Payara Micro's domain folder holds no data (that is all in PostgreSQL), but it caches the exploded WAR
        // and the post-boot resources: started fresh every time so a rebuilt WAR is what runs.
        Path rootDir = settings.runDir().resolve(name);
        ServerProcess.deleteRecursively(rootDir);
        Files.createDirectories(rootDir);
        Files.createDirectories(settings.tmpDir());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The throughput collector: HAPI's validator keeps ~380 MB of structure definitions live, so in a 1 GB heap
        // G1 ran its concurrent marking cycles back to back on a two-core machine; a Synthea ingest took ~18 % less
        // CPU with this collector (README, Benchmark). Its young pauses were no longer than G1's. It collects the
        // whole heap whenever it grows the heap or the class metadata passes its threshold: six times (2.5 s) while
        // the application deployed. The heap is therefore its full size from the start, and the first metadata
        // threshold is above the ~190 MB the application takes.
        command.addAll(List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-XX:MetaspaceSize=256m"));
        command.addAll(settings.jvmTmpOptions());
        command.addAll(List.of(
                "-jar", artifacts.payaraMicroJar().toString(),
                "--rootdir", rootDir.toString(),
                "--nocluster",
                "--disablephonehome",
                "--port", Integer.toString(port),
                "--addlibs", artifacts.postgresqlJar().toString(),
                "--postbootcommandfile", artifacts.serverConfig().resolve("payara/custos-resources.asadmin").toString(),
                "--deploy", artifacts.appWar().toString(),
                "--contextroot", "/"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("CUSTOS_DB_URL", database.jdbcUrl(EmbeddedDatabase.APP_DATABASE));
        env.put("CUSTOS_DB_USER", EmbeddedDatabase.APP_ROLE);
        env.put("CUSTOS_DB_PASSWORD", secrets.appDatabasePassword());
        env.put("CUSTOS_DB_OWNER_USER", EmbeddedDatabase.OWNER_ROLE);
        env.put("CUSTOS_DB_OWNER_PASSWORD", secrets.ownerDatabasePassword());
        env.put("MP_JWT_VERIFY_ISSUER", settings.issuer());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", settings.issuer() + "/protocol/openid-connect/certs");
        env.put("CUSTOS_PROFILE", "dev");
        env.putAll(keys.environment());
        // Checkpoints of the audit chains every 10 s, not every 5 minutes: a dev stack's chains get signed soon.
        env.put("CUSTOS_AUDIT_CHECKPOINT_SECONDS", "10");
        // The application's own Keycloak service account (admin API), with the dev secret of the realm file.
        env.put("CUSTOS_KEYCLOAK_ADMIN_CLIENT_SECRET", DemoUsers.read(artifacts.realmJson()).client("custos-admin-api")
                .secret());
        // Tests configure the application as an operator would, by its environment: system properties
        // custos.app.env.NAME become the variable NAME.
        System.getProperties().stringPropertyNames().stream().filter(property -> property.startsWith(APP_ENV_PREFIX))
                .forEach(property -> env.put(property.substring(APP_ENV_PREFIX.length()), System.getProperty(property)));
        environmentChanges.forEach((variable, value) -> {
            if (value == null) {
                env.remove(variable);
            } else {
                env.put(variable, value);
            }
        });
        Instant started = Instant.now();
        ServerProcess process = ServerProcess.start("Payara Micro", builder, settings.logDir().resolve(name + ".log"));
        process.awaitHttpOk(URI.create("http://localhost:" + port + "/fhir/metadata"), START_TIMEOUT, DEPLOYMENT_FAILED);
        LOG.info(() -> "Payara Micro serves FHIR after " + Duration.between(started, Instant.now()).toSeconds() + " s");
        return new PayaraMicroServer(process);
    }

    /** CPU time the server has used so far: how the benchmark tells that its JIT compiler has caught up. */
    public Duration cpuTime() {
        return process.cpuTime();
    }

    public Path logFile() {
        return process.log();
    }

    /** Ends Payara Micro with SIGKILL ({@code kill -9}), for tests of what survives a crash. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Stops Payara Micro gracefully (SIGTERM), forcibly after 30 s. */
    @Override
    public void close() {
        process.close();
    }
}
