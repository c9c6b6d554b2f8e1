package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Roles decide what an authenticated caller may do: 403 with an OperationOutcome, and nothing stored. */
@ExtendWith(RunningStack.class)
class AuthorizationIT {

    private static final String PATIENT = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Rolecheck\"}]}";

    @Test
    void nurseWritingIs403AndNothingIsStored() {
        HttpResponse<String> response = Fhir.post("/fhir/Patient", PATIENT, Tokens.staff("nurse.general"));
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
        HttpResponse<String> search = Fhir.get("/fhir/Patient?family:exact=Rolecheck", Tokens.client("ehr-system"));
        assertTrue(search.body().contains("\"total\":0"), "the refused write left no trace");
    }

    @Test
    void adminWithoutClinicalRoleCannotReadPatients() {
        assertEquals(403, Fhir.get("/fhir/Patient?family=any", Tokens.staff("admin.general")).statusCode());
    }

    @Test
    void patientRoleCannotSearchAllPatients() {
        assertEquals(403, Fhir.get("/fhir/Patient?family=any", Tokens.staff("patient.general")).statusCode());
    }
}
