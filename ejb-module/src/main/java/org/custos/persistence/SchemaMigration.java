package org.custos.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
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
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates the schema when the application deploys. A failed migration fails the deployment: the application never
 * serves requests against a schema it does not know. First the connection's transport security is checked
 * ({@link DatabaseTransport}).
 *
 * <p>With {@code custos.db.owner-user} and {@code custos.db.owner-password} ({@code CUSTOS_DB_OWNER_USER},
 * {@code CUSTOS_DB_OWNER_PASSWORD}) the migrations run as that role, which owns the schema, over the pool's JDBC URL;
 * the application's own role is then granted access to rows only ({@link SchemaPrivileges}) and cannot remove the
 * audit trail's triggers. A database whose tables the application's role still owns is refused: ownership moves
 * with one statement of a superuser, which the message names. Without an owner, the application's role may migrate
 * and own the schema in the dev profile only (the log says what that leaves open); the production profile refuses to
 * start then, before it migrates anything. A schema already owned by another role needs no owner's credentials while
 * nothing is to be migrated.
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

    @Inject
    @ConfigProperty(name = "custos.db.owner-user")
    Optional<String> ownerUser;

    @Inject
    @ConfigProperty(name = "custos.db.owner-password")
    Optional<String> ownerPassword;

    private volatile boolean migrated;

    @PostConstruct
    void migrate() {
        // Before anything is written: a production database without TLS is refused.
        DatabaseTransport.check(dataSource, profile);
        String applicationRole;
        String url;
        try (Connection application = dataSource.getConnection()) {
            applicationRole = SchemaPrivileges.currentRole(application);
            url = application.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("The database cannot be reached to migrate its schema", e);
        }
        Optional<String> owner = ownerUser.map(String::strip).filter(user -> !user.isEmpty())
                .filter(user -> !user.equals(applicationRole));
        MigrateResult result = owner.isPresent()
                ? migrateAsOwner(url, owner.get(), applicationRole)
                : migrateAsApplication(applicationRole);
        migrated = true;
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Schema at version " + version + " (" + result.migrationsExecuted + " migrations applied now"
                + owner.map(role -> ", as " + role).orElse("") + ")");
    }

    private MigrateResult migrateAsOwner(String url, String owner, String applicationRole) {
        Flyway flyway = flyway().dataSource(url, owner, ownerPassword.orElse("")).load();
        try (Connection schemaOwner = flyway.getConfiguration().getDataSource().getConnection()) {
            if (!owner.equals(SchemaPrivileges.currentRole(schemaOwner))) {
                // A user in the JDBC URL wins over the one given apart: the migrations would run as someone else.
                throw new IllegalStateException("The schema owner's connection is not " + owner + ": CUSTOS_DB_URL"
                        + " must not name a user or password");
            }
            List<String> stillOwned = SchemaPrivileges.ownedBy(schemaOwner, applicationRole);
            if (!stillOwned.isEmpty()) {
                String why = "the application's database role " + applicationRole + " still owns " + stillOwned.size()
                        + " tables and sequences (" + stillOwned.get(0) + ", ...), so the schema owner " + owner
                        + " cannot migrate them and the application could remove the audit trail's triggers. As a"
                        + " superuser, in this database: REASSIGN OWNED BY " + applicationRole + " TO " + owner;
                LOG.severe("Custos refuses to start: " + why);
                throw new IllegalStateException(why);
            }
            MigrateResult result = flyway.migrate();
            SchemaPrivileges.grantRowAccess(schemaOwner, applicationRole);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("The schema owner " + owner + " cannot connect or grant the application's"
                    + " role its privileges", e);
        }
    }

    /**
     * Without a schema owner. Outside the dev profile refused before anything is written when the application's role
     * owns tables or would own those that pending migrations create; a schema another role owns, with nothing to
     * migrate, starts.
     */
    private MigrateResult migrateAsApplication(String applicationRole) {
        Flyway flyway = flyway().dataSource(dataSource).load();
        String why = "the application's database role " + applicationRole + " owns the schema (or would, migrating"
                + " it), so it could drop or disable the audit trail's append-only triggers: set CUSTOS_DB_OWNER_USER"
                + " and CUSTOS_DB_OWNER_PASSWORD to a role of its own that owns the schema, after, as a superuser in"
                + " this database: REASSIGN OWNED BY " + applicationRole + " TO that role (README, Deploying)";
        if (refusesApplicationOwnedSchema(profile)
                && (ownsTables(applicationRole) || flyway.info().pending().length > 0)) {
            LOG.severe("Custos refuses to start: " + why);
            throw new IllegalStateException(why);
        }
        MigrateResult result = flyway.migrate();
        if (ownsTables(applicationRole)) {
            LOG.warning("DEV profile: " + why);
        }
        return result;
    }

    /** Production never runs with the audit trail's tables in the application's hands; dev may, and says so. */
    static boolean refusesApplicationOwnedSchema(String profile) {
        return !"dev".equals(profile);
    }

    private boolean ownsTables(String role) {
        try (Connection application = dataSource.getConnection()) {
            return !SchemaPrivileges.ownedBy(application, role).isEmpty();
        } catch (SQLException e) {
            throw new IllegalStateException("The schema's owner cannot be read", e);
        }
    }

    private static FluentConfiguration flyway() {
        return Flyway.configure(SchemaMigration.class.getClassLoader())
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
    }

    public boolean isMigrated() {
        return migrated;
    }
}
