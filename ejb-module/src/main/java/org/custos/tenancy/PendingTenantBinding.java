package org.custos.tenancy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The first connection a tenant's transaction takes, not yet bound to the tenant: it binds before any statement is
 * created on it, so nothing runs unbound. Binding on its own costs a database round trip — one of a Patient read's
 * five, each a network round trip when the database is on another host — so the one statement every
 * consent-checked call starts with ({@link TenantNativeQuery#rows}) sends the binding ahead of itself in the same
 * round trip instead ({@link #prepareAfterBinding}). Either way the binding is recorded on the transaction, whose
 * every connection is the same physical one (see {@link TenantBoundDataSource}).
 */
final class PendingTenantBinding implements InvocationHandler {

    /** The methods that create something able to run SQL on the connection. */
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement", "prepareCall");

    private final Connection target;
    private final String tenant;
    private final TransactionSynchronizationRegistry transaction;
    private final Object boundKey;

    private PendingTenantBinding(Connection target, String tenant, TransactionSynchronizationRegistry transaction,
                                 Object boundKey) {
        this.target = target;
        this.tenant = tenant;
        this.transaction = transaction;
        this.boundKey = boundKey;
    }

    /** {@code target}, binding itself to {@code tenant} before its first statement. */
    static Connection of(Connection target, String tenant, TransactionSynchronizationRegistry transaction,
                         Object boundKey) {
        return (Connection) Proxy.newProxyInstance(PendingTenantBinding.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new PendingTenantBinding(target, tenant, transaction, boundKey));
    }

    /** The binding still to be made on this connection; empty when it is bound, or not a tenant's connection. */
    static Optional<PendingTenantBinding> on(Connection connection) {
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof PendingTenantBinding pending
                && !pending.isBound()) {
            return Optional.of(pending);
        }
        return Optional.empty();
    }

    /**
     * {@code sql} preceded by the binding, as one statement sent in one round trip: its parameter 1 is set here, the
     * statement's own follow from 2; its first result is the binding's, to be skipped. Call {@link #bound} once it
     * has run.
     */
    PreparedStatement prepareAfterBinding(String sql) throws SQLException {
        RowSecurity.requireTransaction(target);
        PreparedStatement statement = target.prepareStatement(RowSecurity.BIND_TENANT + "; " + sql);
        statement.setString(1, tenant);
        return statement;
    }

    /** Records that the binding sent with {@link #prepareAfterBinding} has run. */
    void bound() {
        transaction.putResource(boundKey, tenant);
    }

    private boolean isBound() {
        return tenant.equals(transaction.getResource(boundKey));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        if (method.getName().equals("equals") && method.getParameterCount() == 1) {
            return proxy == arguments[0];
        }
        if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
            return System.identityHashCode(proxy);
        }
        if (STATEMENT_FACTORIES.contains(method.getName()) && !isBound()) {
            RowSecurity.bindTenant(target, tenant);
            bound();
        }
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
