package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second wall under EclipseLink's tenant filter: PostgreSQL row-level security on the tables holding PHI
 * content. A statement of the application's own database role that forgets the tenant sees nothing; bound to one
 * tenant, it neither sees nor writes another tenant's rows, whatever its WHERE clause says.
 */
@ExtendWith(RunningStack.class)
class RowLevelSecurityIT {

    private static final List<String> PROTECTED = List.of("fhir_resource", "fhir_resource_version", "fhir_export_job",
            "fhir_export_file");

    private static String tenantA;
    private static String tenantB;
    private static String patientOfB;

    @BeforeAll
    static void bothTenantsHaveAPatient() throws SQLException {
        tenantA = tenantOf(create("ehr-system", "Rowsecurity"));
        patientOfB = create("ehr-system-b", "Rowsecurityother");
        tenantB = tenantOf(patientOfB);
        assertTrue(!tenantA.equals(tenantB));
    }

    private static String create(String client, String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        return Fhir.clientWithToken(Tokens.client(client)).create().resource(patient).execute().getId().getIdPart();
    }

    private static String tenantOf(String resourceId) throws SQLException {
        try (Connection db = StackDatabase.superuser();
             PreparedStatement select = db.prepareStatement("SELECT tenant_id FROM fhir_resource WHERE resource_id = ?")) {
            select.setString(1, resourceId);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    /** A connection as the application's own role (not a superuser, so row security applies), in a transaction. */
    private static Connection applicationRole() throws SQLException {
        Connection db = StackDatabase.applicationRole();
        db.setAutoCommit(false);
        return db;
    }

    private static void bind(Connection db, String tenant) throws SQLException {
        try (PreparedStatement set = db.prepareStatement("SELECT set_config('custos.tenant', ?, true)")) {
            set.setString(1, tenant);
            set.execute();
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void aStatementWithoutABoundTenantSeesNoRowsOfAnyProtectedTable() throws SQLException {
        try (Connection db = applicationRole()) {
            for (String table : PROTECTED) {
                assertEquals(0, count(db, "SELECT count(*) FROM " + table), table);
            }
            db.rollback();
        }
        assertTrue(CryptoAdmin.count("SELECT count(*) FROM fhir_resource") >= 2, "the rows are there");
    }

    @Test
    void boundToOneTenantAStatementNeitherSeesNorChangesAnotherTenantsRows() throws SQLException {
        try (Connection db = applicationRole()) {
            bind(db, tenantA);
            assertTrue(count(db, "SELECT count(*) FROM fhir_resource_version WHERE tenant_id = '" + tenantA + "'") >= 1);
            for (String table : PROTECTED) {
                assertEquals(0, count(db, "SELECT count(*) FROM " + table + " WHERE tenant_id = '" + tenantB + "'"),
                        table);
            }
            assertEquals(0, db.createStatement().executeUpdate("UPDATE fhir_resource_version SET resource_sealed = NULL"
                    + " WHERE tenant_id = '" + tenantB + "'"));
            assertEquals(0, db.createStatement().executeUpdate("DELETE FROM fhir_resource_version WHERE tenant_id = '"
                    + tenantB + "'"));
            SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().executeUpdate(
                    "INSERT INTO fhir_resource (tenant_id, resource_type, resource_id, version_id, last_updated)"
                            + " VALUES ('" + tenantB + "', 'Patient', 'planted-by-a', 1, now())"));
            assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
            db.rollback();
        }
        assertEquals(1, CryptoAdmin.count("SELECT count(*) FROM fhir_resource_version v JOIN fhir_resource r"
                + " ON r.pk = v.resource_pk WHERE r.resource_id = '" + patientOfB + "' AND v.resource_sealed IS NOT NULL"),
                "nothing of tenant B changed");
        assertEquals(200, Fhir.get("/fhir/Patient/" + patientOfB, Tokens.client("ehr-system-b")).statusCode());
    }
}
