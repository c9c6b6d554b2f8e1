package org.custos.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

    @Test
    void onlyTheDevProfileRunsWithTheApplicationsRoleOwningTheSchema() {
        assertTrue(SchemaMigration.refusesApplicationOwnedSchema("production"));
        assertTrue(SchemaMigration.refusesApplicationOwnedSchema("staging"), "unknown profiles are refused too");
        assertFalse(SchemaMigration.refusesApplicationOwnedSchema("dev"));
    }
}
