package org.custos.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the dev stack keeps its state and which ports it listens on.
 *
 * <p>Every value can be overridden by an environment variable (or a system property of the same name in lower
 * case with dots), so ./run.sh, the integration tests and a developer with a busy port 8080 all use one launcher.
 *
 * @param runDir        state that survives restarts: PostgreSQL data, unpacked Keycloak, dev secrets, logs
 * @param postgresPort  embedded PostgreSQL (databases "custos" and "keycloak")
 * @param keycloakPort  Keycloak HTTP port
 * @param appPort       Payara Micro HTTP port (FHIR at /fhir, admin API at /api/admin)
 * @param smtpPort      the dev mail server (GreenMail) Keycloak sends account e-mails to
 */
public record StackSettings(Path runDir, int postgresPort, int keycloakPort, int appPort, int smtpPort) {

    public static StackSettings fromEnvironment(Path defaultRunDir) {
        return fromEnvironment(defaultRunDir, System.getenv());
    }

    static StackSettings fromEnvironment(Path defaultRunDir, Map<String, String> env) {
        return new StackSettings(
                Path.of(value(env, "CUSTOS_RUN_DIR", defaultRunDir.toString())).toAbsolutePath(),
                Integer.parseInt(value(env, "CUSTOS_POSTGRES_PORT", "15432")),
                Integer.parseInt(value(env, "CUSTOS_KEYCLOAK_PORT", "8180")),
                Integer.parseInt(value(env, "CUSTOS_HTTP_PORT", "8080")),
                Integer.parseInt(value(env, "CUSTOS_SMTP_PORT", "2525")));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String property = System.getProperty(name.toLowerCase().replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property;
        }
        String fromEnv = env.get(name);
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }

    public Path logDir() {
        return runDir.resolve("logs");
    }

    /**
     * Temporary files of every process of the stack (JVM temp dir, Quarkus and zonky caches): kept under the run
     * folder so the stack writes nothing outside the project and the Maven cache.
     */
    public Path tmpDir() {
        return runDir.resolve("tmp");
    }

    /** JVM options that keep a server's temporary files in {@link #tmpDir()}. */
    public java.util.List<String> jvmTmpOptions() {
        return java.util.List.of("-Djava.io.tmpdir=" + tmpDir(), "-XX:-UsePerfData");
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String issuer() {
        return keycloakUrl() + "/realms/hospital";
    }

    public String appUrl() {
        return "http://localhost:" + appPort;
    }
}
