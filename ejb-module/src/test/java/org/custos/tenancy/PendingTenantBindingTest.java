package org.custos.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PendingTenantBindingTest {

    private static final String BOUND = "bound";

    /** What reached the database connection: each statement's SQL and the calls made on it. */
    private final List<String> sent = new ArrayList<>();
    private final InMemoryTransaction transaction = new InMemoryTransaction();
    private final Connection physical = connection();

    @Test
    void theFirstStatementOfATransactionIsPrecededByTheTenantBinding() throws Exception {
        Connection connection = PendingTenantBinding.of(physical, "tenant-a", transaction, BOUND);

        connection.prepareStatement("SELECT 1").execute();

        assertEquals(List.of(RowSecurity.BIND_TENANT, "setString 1 tenant-a", "execute", "SELECT 1", "execute"), sent);
    }

    @Test
    void theTransactionIsBoundOnceWhateverConnectionHandlesItsStatementsTake() throws Exception {
        PendingTenantBinding.of(physical, "tenant-a", transaction, BOUND).prepareStatement("SELECT 1");
        Connection second = PendingTenantBinding.of(physical, "tenant-a", transaction, BOUND);

        second.createStatement();

        assertEquals(1, sent.stream().filter(RowSecurity.BIND_TENANT::equals).count());
        assertTrue(PendingTenantBinding.on(second).isEmpty());
    }

    @Test
    void aStatementSentWithTheBindingTakesItsPlace() throws Exception {
        Connection connection = PendingTenantBinding.of(physical, "tenant-a", transaction, BOUND);
        PendingTenantBinding pending = PendingTenantBinding.on(connection).orElseThrow();

        pending.prepareAfterBinding("SELECT 2").execute();
        pending.bound();
        connection.prepareStatement("SELECT 3");

        assertEquals(List.of(RowSecurity.BIND_TENANT + "; SELECT 2", "setString 1 tenant-a", "execute", "SELECT 3"),
                sent);
        assertTrue(PendingTenantBinding.on(connection).isEmpty());
    }

    @Test
    void aPlainConnectionHasNoBindingPending() {
        assertTrue(PendingTenantBinding.on(physical).isEmpty());
    }

    private Connection connection() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAutoCommit" -> false;
                    case "prepareStatement", "createStatement" -> {
                        sent.add(arguments == null ? "statement" : (String) arguments[0]);
                        yield statement();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private PreparedStatement statement() {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "setString" -> {
                        sent.add("setString " + arguments[0] + " " + arguments[1]);
                        yield null;
                    }
                    case "execute" -> {
                        sent.add("execute");
                        yield true;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
