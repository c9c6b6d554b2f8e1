package org.custos.devstack;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The whole system on one machine: a dev mail server, embedded PostgreSQL, Keycloak backed by it, and the application
 * on Payara Micro.
 * Started in dependency order and stopped in reverse; used by ./run.sh and by the integration tests alike.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DevStack.class.getName());

    private final StackSettings settings;
    private final DevSecrets secrets;
    private final DevKeys keys;
    private volatile MailServer mail;
    private volatile EmbeddedDatabase database;
    private volatile KeycloakServer keycloak;
    private volatile PayaraMicroServer app;
    private Duration startupTime;

    /** Prepares the stack; nothing runs until {@link #start(Artifacts)}, so a shutdown hook can be in place first. */
    public DevStack(StackSettings settings) {
        this.settings = settings;
        this.secrets = DevSecrets.loadOrGenerate(settings.runDir());
        this.keys = DevKeys.loadOrGenerate(settings.runDir());
    }

    /** Starts PostgreSQL, then Keycloak, then the application; on failure stops what already runs. */
    public DevStack start(Artifacts artifacts) throws IOException {
        return start(artifacts, true);
    }

    /**
     * @param withApp false starts only PostgreSQL and Keycloak, for an application deployed elsewhere (the EAR on
     *                Payara Server, see server-config/payara-server)
     */
    public DevStack start(Artifacts artifacts, boolean withApp) throws IOException {
        long started = System.nanoTime();
        try {
            mail = MailServer.start(settings);
            database = EmbeddedDatabase.start(settings, secrets);
            keycloak = KeycloakServer.start(settings, secrets, database, artifacts.keycloakZip(), artifacts.realmJson());
            if (withApp) {
                app = PayaraMicroServer.start(settings, secrets, keys, database, artifacts);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(() -> "Dev stack ready in " + startupTime.toSeconds() + " s");
        return this;
    }

    /**
     * Kills the application with SIGKILL, as a crash would, and starts it again on the same port and database:
     * for tests that nothing committed is lost and interrupted work resumes.
     */
    public void crashAndRestartApplication(Artifacts artifacts) throws IOException, InterruptedException {
        app.kill();
        app = PayaraMicroServer.start(settings, secrets, keys, database, artifacts);
    }

    public StackSettings settings() {
        return settings;
    }

    public DevSecrets secrets() {
        return secrets;
    }

    public DevKeys keys() {
        return keys;
    }

    /** Where Keycloak's account e-mails go in the dev stack. */
    public MailServer mail() {
        return mail;
    }

    /** The application server; null when the stack was started without it. */
    public PayaraMicroServer application() {
        return app;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    /** From the first process start to the first FHIR answer. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops in reverse order; safe to call more than once and while {@link #start(Artifacts)} is under way. */
    @Override
    public synchronized void close() {
        if (app != null) {
            app.close();
            app = null;
        }
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (mail != null) {
            mail.close();
            mail = null;
        }
        stopStragglers();
    }

    /**
     * A stop that arrives while a server is still starting finds no handle to it yet: every child process still
     * alive is stopped here, so no server outlives the launcher.
     */
    private static void stopStragglers() {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle child : children) {
            long left = deadline - System.nanoTime();
            try {
                child.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
        }
    }
}
