package org.custos.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.custos.devstack.Artifacts;
import org.custos.devstack.DemoUsers;
import org.custos.devstack.DevStack;
import org.custos.devstack.StackSettings;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real stack every integration test runs against - embedded PostgreSQL, Keycloak on it, the combined WAR on
 * Payara Micro - started once per test JVM by the same launcher as ./run.sh, on free ports and in a fresh folder,
 * and stopped when the JVM's tests are done.
 */
public final class RunningStack implements BeforeAllCallback {

    private static DevStack stack;
    private static DemoUsers demo;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (RunningStack.class) {
            if (stack == null) {
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
                Artifacts artifacts = Artifacts.fromBuild();
                Path runDir = artifacts.projectRoot().resolve("dev-stack/target/it-stack");
                deleteRecursively(runDir);
                System.setProperty("custos.run.dir", runDir.toString());
                System.setProperty("custos.postgres.port", Integer.toString(freePort()));
                System.setProperty("custos.keycloak.port", Integer.toString(freePort()));
                System.setProperty("custos.http.port", Integer.toString(freePort()));
                System.setProperty("custos.smtp.port", Integer.toString(freePort()));
                AlertReceiver.configureApplication(freePort());
                stack = new DevStack(StackSettings.fromEnvironment(runDir));
                stack.start(artifacts);
                demo = DemoUsers.read(artifacts.realmJson());
                System.out.println("Integration stack up in " + stack.startupTime().toSeconds() + " s");
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put(RunningStack.class.getName(), (ExtensionContext.Store.CloseableResource) stack::close);
            }
        }
    }

    public static StackSettings settings() {
        return stack.settings();
    }

    public static DevStack stack() {
        return stack;
    }

    public static DemoUsers demo() {
        return demo;
    }

    public static String fhirBase() {
        return settings().appUrl() + "/fhir";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
