package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear 4xx OperationOutcome, quotes nothing of the body, and stores nothing. */
@ExtendWith(RunningStack.class)
class BadInputIT {

    @Test
    void malformedJsonIs400OperationOutcomeAndNothingIsStored() throws SQLException {
        long rowsBefore = storedVersions();
        String secretName = "Zzyzxsecretname";
        HttpResponse<String> response = Fhir.post("/fhir/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + secretName + "\"", Tokens.client("ehr-system"));

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
        assertFalse(response.body().contains(secretName), "no PHI from the body in the error");
        assertFalse(response.body().contains("at org."), "no stack trace");
        assertEquals(rowsBefore, storedVersions());
    }

    @Test
    void bodyOverTheLimitIs413AndNothingIsStored() throws SQLException {
        long rowsBefore = storedVersions();
        String padding = "x".repeat(21 * 1024 * 1024);
        HttpResponse<String> response = Fhir.post("/fhir/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + padding + "\"}]}", Tokens.client("ehr-system"));
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
        assertEquals(rowsBefore, storedVersions());
    }

    @Test
    void wrongResourceTypeInBodyIs400() {
        HttpResponse<String> response = Fhir.post("/fhir/Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\","
                + "\"code\":{\"text\":\"x\"}}", Tokens.client("ehr-system"));
        assertEquals(400, response.statusCode());
    }

    @Test
    void unknownSearchParameterIs400WhenHandlingIsStrict() {
        HttpResponse<String> response = Fhir.getWithHeaders("/fhir/Patient?no-such-param=1", Tokens.client("ehr-system"),
                "Prefer", "handling=strict");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
    }

    /** Counted with plain JDBC as the superuser, around the application, across all tenants. */
    private static long storedVersions() throws SQLException {
        try (Connection connection = StackDatabase.superuser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM fhir_resource_version")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
