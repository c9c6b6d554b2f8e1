package org.custos.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * DEV-ONLY secrets of the local stack (database passwords, Keycloak bootstrap admin), generated at first start
 * into the run folder and reused afterwards. Nothing here is committed; production takes its secrets from
 * MicroProfile Config (environment variables or files), never from this class.
 */
public final class DevSecrets {

    public static final String FILE_NAME = "dev-secrets.properties";

    private final Properties values;

    private DevSecrets(Properties values) {
        this.values = values;
    }

    public static DevSecrets loadOrGenerate(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        Properties properties = new Properties();
        try {
            Files.createDirectories(runDir);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
            }
            boolean changed = false;
            for (String key : new String[] {"db.app.password", "db.owner.password", "db.keycloak.password",
                    "keycloak.admin.password"}) {
                if (!properties.containsKey(key)) {
                    properties.setProperty(key, randomSecret());
                    changed = true;
                }
            }
            if (changed) {
                try (OutputStream out = Files.newOutputStream(file)) {
                    properties.store(out, "DEV-ONLY secrets generated at first start. Never use in production.");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or write dev secrets in " + runDir, e);
        }
        return new DevSecrets(properties);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "Dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String appDatabasePassword() {
        return values.getProperty("db.app.password");
    }

    /** Of the role that owns the application's schema and runs its migrations. */
    public String ownerDatabasePassword() {
        return values.getProperty("db.owner.password");
    }

    public String keycloakDatabasePassword() {
        return values.getProperty("db.keycloak.password");
    }

    public String keycloakAdminPassword() {
        return values.getProperty("keycloak.admin.password");
    }
}
