package org.custos.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Binds a database transaction to what PostgreSQL's row-level security lets it see (schema V10): one tenant, or —
 * for platform work such as re-encryption — every tenant. Both settings are transaction-local
 * ({@code set_config(..., true)}): they end with the transaction, so a pooled connection never carries them to its
 * next user. On a connection in auto-commit mode they would end with this very statement, so the caller must be in
 * a transaction; without a binding, the protected tables show no rows at all.
 */
public final class RowSecurity {

    /** The statement binding a transaction to the tenant given as its one parameter. */
    static final String BIND_TENANT = "SELECT set_config('custos.tenant', ?, true)";

    private RowSecurity() {
    }

    /** The transaction sees and writes only {@code tenant}'s rows. */
    public static void bindTenant(Connection connection, String tenant) throws SQLException {
        requireTransaction(connection);
        try (PreparedStatement statement = connection.prepareStatement(BIND_TENANT)) {
            statement.setString(1, tenant);
            statement.execute();
        }
    }

    /** Work of a platform job in one transaction across tenants. */
    @FunctionalInterface
    public interface PlatformWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs platform work (re-encryption, key inventory — never a request) in a transaction of its own that sees every
     * tenant: committed when the work returns, rolled back when it throws, so the binding never reaches the pool.
     */
    public static <T> T acrossTenants(DataSource dataSource, PlatformWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                // Enlisted in a container transaction, which would outlive this work with the binding on.
                throw new IllegalStateException("Platform work must run outside container transactions");
            }
            connection.setAutoCommit(false);
            try {
                allowEveryTenant(connection);
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void allowEveryTenant(Connection connection) throws SQLException {
        requireTransaction(connection);
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('custos.platform', 'on',"
                + " true)")) {
            statement.execute();
        }
    }

    /** A binding on a connection in auto-commit mode would end with its own statement. */
    static void requireTransaction(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("Row security needs a transaction: a binding would not last");
        }
    }
}
