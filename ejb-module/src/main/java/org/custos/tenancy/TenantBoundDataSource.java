package org.custos.tenancy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The application's data source as EclipseLink sees it: a connection taken inside a JTA transaction that carries a
 * tenant is bound to that tenant ({@link RowSecurity#bindTenant}) before its first statement
 * ({@link PendingTenantBinding}); any other connection is handed out unbound, and sees no row of the protected
 * tables.
 */
final class TenantBoundDataSource implements DataSource {

    /**
     * The tenant the transaction's connection is bound to already. The data source is not XA, so Payara hands every
     * connection of one JTA transaction out on the same physical connection, whose transaction-local binding lasts
     * until the commit: EclipseLink takes a connection per query, and binding it again would cost each query one
     * more round trip. (Were a second physical connection ever handed out, it would be unbound and see nothing.)
     */
    private static final String BOUND = TenantBoundDataSource.class.getName() + ".bound";

    private final DataSource target;
    private volatile TransactionSynchronizationRegistry transactions;

    TenantBoundDataSource(DataSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return bound(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return bound(target.getConnection(username, password));
    }

    private Connection bound(Connection connection) {
        TransactionSynchronizationRegistry registry = transactions();
        if (registry.getTransactionStatus() == Status.STATUS_ACTIVE
                && registry.getResource(RowSecurityBinding.TENANT) instanceof String tenant
                && !tenant.equals(registry.getResource(BOUND))) {
            return PendingTenantBinding.of(connection, tenant, registry, BOUND);
        }
        return connection;
    }

    private TransactionSynchronizationRegistry transactions() {
        if (transactions == null) {
            try {
                transactions = (TransactionSynchronizationRegistry) new InitialContext()
                        .lookup("java:comp/TransactionSynchronizationRegistry");
            } catch (NamingException e) {
                throw new IllegalStateException("No transaction registry", e);
            }
        }
        return transactions;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }
}
