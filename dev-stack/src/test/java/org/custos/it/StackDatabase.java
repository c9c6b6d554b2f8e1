package org.custos.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.custos.devstack.EmbeddedDatabase;

/** Plain JDBC to the test stack's application database, around the application: as a superuser or as its role. */
final class StackDatabase {

    private StackDatabase() {
    }

    /** Sees every tenant's rows (row security does not bind a superuser) and may change anything. */
    static Connection superuser() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "");
    }

    /** As the application's own role: row security applies, and it owns no table. */
    static Connection applicationRole() throws SQLException {
        return applicationRole(url());
    }

    /** The application's role on another database of the stack's PostgreSQL. */
    static Connection applicationRole(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.APP_ROLE,
                RunningStack.stack().secrets().appDatabasePassword());
    }

    private static String url() {
        return RunningStack.stack().database().jdbcUrl(EmbeddedDatabase.APP_DATABASE);
    }
}
