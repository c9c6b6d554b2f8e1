package org.custos.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the application's database role may do when another role owns the schema: read and write rows, nothing
 * more. The owner alone can alter or drop a table, or disable or drop a trigger; so the triggers that keep the audit
 * trail append-only ({@code audit_event} and the tables around it) hold against the application's own role too,
 * where an owner could simply remove them. Granted by the owner after every migration, so that tables a new
 * migration adds are covered; granting again changes nothing.
 */
final class SchemaPrivileges {

    /** An advisory lock key of its own: "custos" in ASCII, as a number. */
    private static final long GRANTS_LOCK = 0x637573746f73L;

    private SchemaPrivileges() {
    }

    /** Rows only: no TRUNCATE, REFERENCES or TRIGGER, no DDL, no new tables; Flyway's own history read-only. */
    static void grantRowAccess(Connection owner, String applicationRole) throws SQLException {
        String role = identifier(applicationRole);
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement statement = owner.createStatement()) {
            // Servers deploying at once would otherwise grant at once, and PostgreSQL refuses concurrent changes
            // to one object's privileges ("tuple concurrently updated").
            statement.execute("SELECT pg_advisory_xact_lock(" + GRANTS_LOCK + ")");
            // PostgreSQL before 15 lets every role create in schema public; 15 and later do not.
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("GRANT USAGE ON SCHEMA public TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
            statement.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
            // Read, so that a deployment without the owner's credentials finds nothing to migrate and starts.
            statement.execute("REVOKE ALL ON TABLE flyway_schema_history FROM " + role);
            statement.execute("GRANT SELECT ON TABLE flyway_schema_history TO " + role);
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
    }

    /**
     * @return the tables and sequences of schema public that this role owns: none when the schema's owner is another
     *         role, as it must be for the audit trail's triggers to bind the application
     */
    static List<String> ownedBy(Connection connection, String role) throws SQLException {
        List<String> owned = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN"
                + " ('r', 'p', 'S') AND pg_get_userbyid(c.relowner) = ? ORDER BY c.relname")) {
            select.setString(1, role);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    owned.add(rows.getString(1));
                }
            }
        }
        return owned;
    }

    static String currentRole(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user")) {
            row.next();
            return row.getString(1);
        }
    }

    /** A role name as an SQL identifier (DDL takes no bind parameters). */
    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
