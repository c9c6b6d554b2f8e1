package org.custos.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The files the dev stack runs, as the build resolved them through Maven (downloaded once, then cached):
 * written into {@code devstack.properties} by dependency:properties and resource filtering.
 */
public record Artifacts(Path keycloakZip, Path payaraMicroJar, Path appWar, Path postgresqlJar, Path realmJson,
                        Path projectRoot) {

    public static Artifacts fromBuild() {
        Properties properties = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream("/devstack.properties")) {
            if (in == null) {
                throw new IllegalStateException("devstack.properties missing: build dev-stack with Maven first");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read devstack.properties", e);
        }
        return new Artifacts(
                existing(properties, "keycloak.zip"),
                existing(properties, "payara.micro.jar"),
                existing(properties, "app.war"),
                existing(properties, "postgresql.jar"),
                existing(properties, "realm.json"),
                existing(properties, "project.root"));
    }

    private static Path existing(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("devstack.properties has no resolved '" + key + "': rebuild with Maven");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(key + " not found at " + path + ": run the Maven build first");
        }
        return path;
    }

    public Path serverConfig() {
        return projectRoot.resolve("server-config");
    }
}
