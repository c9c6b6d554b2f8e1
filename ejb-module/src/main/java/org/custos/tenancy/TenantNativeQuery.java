package org.custos.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
     * Placeholders {@code ?N} may repeat; each row's columns as an array.
     *
     * @throws IllegalStateException when the statement is not bound to the current tenant (a programming error)
     */
    public static List<Object[]> rows(EntityManager entityManager, String sql, List<Object> parameters) {
        requireTenantBound(entityManager, sql, parameters);
        NumberedPlaceholders statement = NumberedPlaceholders.of(sql);
        Connection connection = entityManager.unwrap(Connection.class);
        try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
            List<Object> bound = statement.bind(parameters);
            for (int i = 0; i < bound.size(); i++) {
                prepared.setObject(i + 1, bound.get(i));
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet result = prepared.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("Statement failed", e);
        }
    }

    private static void requireTenantBound(EntityManager entityManager, String sql, List<Object> parameters) {
        String tenant = TenantColumn.currentTenant(entityManager);
        if (parameters.isEmpty() || !tenant.equals(parameters.get(0)) || !sql.contains("tenant_id = ?1")) {
            throw new IllegalStateException("Native statement is not bound to the current tenant");
        }
    }
}
