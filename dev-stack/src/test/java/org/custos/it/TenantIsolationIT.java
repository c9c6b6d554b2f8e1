package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tenant comes from the token only; no path reaches another tenant's rows. */
@ExtendWith(RunningStack.class)
class TenantIsolationIT {

    @Test
    void readOfOtherTenantsPatientIs404() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:mrn:general").setValue("MRN-TENANT-1");
        patient.addName().setFamily("Tenantcheck");
        IIdType id = Fhir.clientWithToken(Tokens.staff("clinician.general")).create().resource(patient).execute()
                .getId().toUnqualifiedVersionless();

        HttpResponse<String> otherTenant = Fhir.get("/fhir/Patient/" + id.getIdPart(), Tokens.staff("clinician.riverside"));
        assertEquals(404, otherTenant.statusCode());
        assertFalse(otherTenant.body().contains("Tenantcheck"));

        HttpResponse<String> otherTenantsEhr = Fhir.get("/fhir/Patient/" + id.getIdPart(), Tokens.client("ehr-system-b"));
        assertEquals(404, otherTenantsEhr.statusCode());

        HttpResponse<String> ownTenant = Fhir.get("/fhir/Patient/" + id.getIdPart(), Tokens.client("ehr-system"));
        assertEquals(200, ownTenant.statusCode());
    }

    @Test
    void searchNeverReturnsOtherTenantsPatients() {
        Patient patient = new Patient();
        patient.addName().setFamily("Crosstenantsearch");
        Fhir.clientWithToken(Tokens.client("ehr-system")).create().resource(patient).execute();

        Bundle fromB = Fhir.clientWithToken(Tokens.client("ehr-system-b")).search().forResource(Patient.class)
                .where(Patient.FAMILY.matches().value("Crosstenantsearch")).returnBundle(Bundle.class).execute();
        assertEquals(0, fromB.getTotal());
        Bundle fromA = Fhir.clientWithToken(Tokens.client("ehr-system")).search().forResource(Patient.class)
                .where(Patient.FAMILY.matches().value("Crosstenantsearch")).returnBundle(Bundle.class).execute();
        assertTrue(fromA.getTotal() >= 1);
    }

    @Test
    void updateOfOtherTenantsIdCannotTouchTheirPatient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Original");
        IIdType id = Fhir.clientWithToken(Tokens.client("ehr-system")).create().resource(patient).execute()
                .getId().toUnqualifiedVersionless();

        Patient overwrite = new Patient();
        overwrite.setId(id);
        overwrite.addName().setFamily("Overwritten");
        Fhir.clientWithToken(Tokens.client("ehr-system-b")).update().resource(overwrite).execute();

        Patient stillOriginal = Fhir.clientWithToken(Tokens.client("ehr-system")).read().resource(Patient.class)
                .withId(id).execute();
        assertEquals("Original", stillOriginal.getNameFirstRep().getFamily());
        assertEquals("1", stillOriginal.getMeta().getVersionId());
    }
}
