package org.custos.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;

/**
 * The only way to run SQL that JPQL cannot express. EclipseLink refuses native SQL in a multitenant persistence
 * unit, because it cannot add the tenant to it; this exemption is granted per statement, and only to statements
 * that bind the transaction's own tenant as parameter 1 and restrict by it.
 */
public final class TenantNativeQuery {

    private static final String ALLOW_NATIVE = "eclipselink.jdbc.allow-native-sql-query";

    private TenantNativeQuery() {
    }

    /** @throws IllegalStateException when the statement is not bound to the current tenant (a programming error) */
    public static Query create(EntityManager entityManager, String sql, List<Object> parameters) {
        requireTenantBound(entityManager, sql, parameters);
        Query query = entityManager.createNativeQuery(sql).setHint(ALLOW_NATIVE, true);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    /**
     * The same statement run in plain JDBC on the transaction's own connection, for the statements every read
     * runs (the consent check): EclipseLink's native query costs a read about as much again as the statement itself.
     * When it is the transaction's first statement, the tenant binding goes ahead of it in the same round trip.
     * Placeholders {@code ?N} may repeat; each row's columns as an array.
     *
     * @throws IllegalStateException when the statement is not bound to the current tenant (a programming error)
     */
    public static List<Object[]> rows(EntityManager entityManager, String sql, List<Object> parameters) {
        requireTenantBound(entityManager, sql, parameters);
        NumberedPlaceholders statement = NumberedPlaceholders.of(sql);
        Connection connection = entityManager.unwrap(Connection.class);
        Optional<PendingTenantBinding> binding = PendingTenantBinding.on(connection);
        try (PreparedStatement prepared = binding.isPresent() ? binding.get().prepareAfterBinding(statement.jdbcSql())
                : connection.prepareStatement(statement.jdbcSql())) {
            int first = binding.isPresent() ? 2 : 1;
            List<Object> bound = statement.bind(parameters);
            for (int i = 0; i < bound.size(); i++) {
                prepared.setObject(first + i, bound.get(i));
            }
            prepared.execute();
            if (binding.isPresent()) {
                binding.get().bound();
                prepared.getMoreResults();
            }
            return rowsOf(prepared.getResultSet());
        } catch (SQLException e) {
            throw new PersistenceException("Statement failed", e);
        }
    }

    private static List<Object[]> rowsOf(ResultSet result) throws SQLException {
        try (result) {
            int columns = result.getMetaData().getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (result.next()) {
                Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = result.getObject(c + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static void requireTenantBound(EntityManager entityManager, String sql, List<Object> parameters) {
        String tenant = TenantColumn.currentTenant(entityManager);
        if (parameters.isEmpty() || !tenant.equals(parameters.get(0)) || !sql.contains("tenant_id = ?1")) {
            throw new IllegalStateException("Native statement is not bound to the current tenant");
        }
    }
}
