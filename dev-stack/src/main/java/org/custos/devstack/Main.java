package org.custos.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line of ./run.sh: {@code run} starts the stack and keeps it up until Ctrl-C or {@code stop};
 * {@code infra} starts only PostgreSQL and Keycloak (for the EAR on Payara Server);
 * {@code stop} stops a running stack; {@code totp USER} prints a demo user's current one-time code;
 * {@code keys DIRECTORY [KEK]} generates keysets; {@code audit-verify [TENANT]} verifies the running stack's audit
 * chains with the command-line verifier.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Artifacts artifacts = Artifacts.fromBuild();
        StackSettings settings = StackSettings.fromEnvironment(artifacts.projectRoot().resolve(".run"));
        String command = args.length == 0 ? "run" : args[0];
        switch (command) {
            case "run" -> run(settings, artifacts, true);
            case "infra" -> run(settings, artifacts, false);
            case "stop" -> stop(settings);
            case "totp" -> totp(artifacts, args);
            case "keys" -> keys(args);
            case "audit-verify" -> System.exit(auditVerify(settings, artifacts, args));
            default -> {
                System.err.println("usage: run | infra | stop | totp USERNAME | keys DIRECTORY [KEK_KEYSET_FILE]"
                        + " | audit-verify [TENANT]");
                System.exit(2);
            }
        }
    }

    private static void run(StackSettings settings, Artifacts artifacts, boolean withApp)
            throws IOException, InterruptedException {
        Path pidFile = settings.runDir().resolve("launcher.pid");
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        if (running.isPresent()) {
            System.err.println("The dev stack already runs (pid " + running.get().pid() + "); ./run.sh stop first.");
            System.exit(1);
        }
        Files.createDirectories(settings.runDir());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stopped = new CountDownLatch(1);
        DevStack stack = new DevStack(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the dev stack ...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is detected as stale at the next start
            }
            stopped.countDown();
        }, "dev-stack-shutdown"));
        try {
            stack.start(artifacts, withApp);
        } catch (IOException e) {
            System.err.println("The dev stack could not start: " + e.getMessage());
            System.exit(1);
        }
        DemoUsers demo = DemoUsers.read(artifacts.realmJson());
        if (withApp) {
            try {
                DemoPatients.ensure(settings, demo);
            } catch (IOException e) {
                System.err.println("The demo patients' records could not be created (" + e.getClass().getSimpleName()
                        + "); patients can still sign in, their records are missing");
            }
        }
        new StartupBanner(stack, demo).print(System.out);
        stopped.await();
    }

    private static void stop(StackSettings settings) throws InterruptedException {
        Path pidFile = settings.runDir().resolve("launcher.pid");
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        if (running.isEmpty()) {
            System.out.println("The dev stack is not running.");
            return;
        }
        running.get().destroy();
        for (int i = 0; i < 120 && running.get().isAlive(); i++) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        System.out.println(running.get().isAlive() ? "The dev stack is still stopping." : "The dev stack stopped.");
    }

    private static void totp(Artifacts artifacts, String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: totp USERNAME");
            System.exit(2);
        }
        DemoUsers.read(artifacts.realmJson()).users().stream()
                .filter(user -> user.username().equals(args[1]) && user.hasTotp())
                .findFirst()
                .ifPresentOrElse(user -> System.out.println(user.totpNow()), () -> {
                    System.err.println("No demo user with a TOTP secret named " + args[1]);
                    System.exit(1);
                });
    }

    /** Generates production keysets; the operator moves them into the secret store the server reads. */
    private static void keys(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: keys DIRECTORY [KEK_KEYSET_FILE]");
            System.exit(2);
        }
        Path directory = Path.of(args[1]);
        List<String> written = Keysets.generateMissing(directory, args.length > 2 ? Optional.of(Path.of(args[2]))
                : Optional.empty());
        System.out.println("Wrote the keysets " + written + " into " + directory
                + (args.length > 2 ? ", encrypted by " + args[2] : " (unencrypted: keep them in a secret store)")
                + "; existing keyset files were kept. Point the application at them: "
                + Keysets.environment(directory).keySet().stream().sorted().toList());
    }

    /**
     * Runs the command-line audit verifier ({@code org.custos.audit.AuditVerifyCommand}, the same a hospital's IT runs
     * against production) on the dev stack's database with its dev keys, in a process of its own: the launcher does
     * not carry the application's classes.
     */
    private static int auditVerify(StackSettings settings, Artifacts artifacts, String[] args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", artifacts.projectRoot().resolve("ejb-module/target/classes") + File.pathSeparator
                + System.getProperty("java.class.path"), "org.custos.audit.AuditVerifyCommand"));
        if (args.length > 1) {
            command.add(args[1]);
        }
        ProcessBuilder verifier = new ProcessBuilder(command).inheritIO();
        verifier.environment().putAll(DevKeys.in(settings.runDir()).environment());
        verifier.environment().put("CUSTOS_AUDIT_DB_URL", "jdbc:postgresql://localhost:" + settings.postgresPort()
                + "/" + EmbeddedDatabase.APP_DATABASE);
        verifier.environment().put("CUSTOS_AUDIT_DB_USER", EmbeddedDatabase.APP_ROLE);
        verifier.environment().put("CUSTOS_AUDIT_DB_PASSWORD",
                DevSecrets.loadOrGenerate(settings.runDir()).appDatabasePassword());
        return verifier.start().waitFor();
    }

    private static Optional<ProcessHandle> runningLauncher(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().command().map(c -> c.contains("java")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
