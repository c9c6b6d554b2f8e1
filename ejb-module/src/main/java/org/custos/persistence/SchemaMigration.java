package org.custos.persistence;

import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the schema when the application deploys. A failed migration fails the deployment: the application never
 * serves requests against a schema it does not know. First the connection's transport security is checked
 * ({@link DatabaseTransport}).
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "custos.profile", defaultValue = "production")
    String profile;

    private volatile boolean migrated;

    @PostConstruct
    void migrate() {
        // Before anything is written: a production database without TLS is refused.
        DatabaseTransport.check(dataSource, profile);
        MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        migrated = true;
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    public boolean isMigrated() {
        return migrated;
    }
}
