package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every write is validated against FHIR R4: an invalid resource is 422, names the failing path, stores nothing. */
@ExtendWith(RunningStack.class)
class ValidationIT {

    @Test
    void invalidResourceIs422NamingThePathAndNothingIsStored() {
        String invalid = "{\"resourceType\":\"Patient\",\"gender\":\"sometimes\",\"name\":[{\"family\":\"Invalidprobe\"}]}";
        HttpResponse<String> response = Fhir.post("/fhir/Patient", invalid, Tokens.client("ehr-system"));

        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("Patient.gender"), "the OperationOutcome names the failing path");
        assertFalse(response.body().contains("sometimes"), "the offending value is not echoed");
        assertEquals(0, Fhir.total("Patient?family=Invalidprobe"));
    }

    @Test
    void observationWithoutItsRequiredStatusIs422() {
        HttpResponse<String> response = Fhir.post("/fhir/Observation",
                "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"pulse\"}}", Tokens.client("ehr-system"));
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("Observation"));
    }

    @Test
    void aListItemWithOnlyAnIdIs422AndNothingIsStored() {
        // ele-1 forbids it; HAPI's validator used to throw on it, which answered 500.
        String empty = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Emptyitemprobe\","
                + "\"given\":[\"One\",null],\"_given\":[null,{\"id\":\"no-value\"}]}]}";
        HttpResponse<String> response = Fhir.post("/fhir/Patient", empty, Tokens.client("ehr-system"));

        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains("OperationOutcome"));
        assertEquals(0, Fhir.total("Patient?family=Emptyitemprobe"));
    }
}
