package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Transactions are all or nothing and resolve urn:uuid and conditional references; batch entries stand alone. */
@ExtendWith(RunningStack.class)
class BundleIT {

    private final IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    private static Patient patient(String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:bundle-it").setValue(mrn);
        patient.addName().setFamily("Bundletest");
        return patient;
    }

    private static Observation observationOf(String subjectReference) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation.setSubject(new Reference(subjectReference));
        return observation;
    }

    @Test
    void transactionResolvesUrnUuidAndConditionalReferencesInAnyOrder() {
        String orgMarker = marker();
        Organization organization = new Organization();
        organization.addIdentifier().setSystem("urn:bundle-it-org").setValue(orgMarker);
        organization.setName("Bundle Clinic");
        String organizationId = fhir.create().resource(organization).execute().getId().getIdPart();

        String mrn = marker();
        Patient patient = patient(mrn);
        patient.setManagingOrganization(new Reference("Organization?identifier=urn:bundle-it-org|" + orgMarker));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        // The observation comes first and refers forward to the patient.
        transaction.addEntry().setFullUrl("urn:uuid:" + marker()).setResource(observationOf("urn:uuid:p1-" + mrn))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        transaction.addEntry().setFullUrl("urn:uuid:p1-" + mrn).setResource(patient)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

        Bundle response = fhir.transaction().withBundle(transaction).execute();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertTrue(response.getEntry().get(0).getResponse().getStatus().startsWith("201"));
        String patientLocation = response.getEntry().get(1).getResponse().getLocation();
        String patientId = patientLocation.split("/")[1];

        Observation stored = fhir.read().resource(Observation.class)
                .withId(response.getEntry().get(0).getResponse().getLocation().split("/")[1]).execute();
        assertEquals("Patient/" + patientId, stored.getSubject().getReference());
        Patient storedPatient = fhir.read().resource(Patient.class).withId(patientId).execute();
        assertEquals("Organization/" + organizationId, storedPatient.getManagingOrganization().getReference());
    }

    @Test
    void failingEntryRollsBackEveryEntryOfTheTransaction() {
        String mrn = marker();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setFullUrl("urn:uuid:" + mrn).setResource(patient(mrn))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        transaction.addEntry().setResource(observationOf("urn:uuid:" + mrn))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Observation invalid = observationOf("urn:uuid:" + mrn);
        invalid.setStatus(null);
        transaction.addEntry().setResource(invalid).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        BaseServerResponseException refused = assertThrows(BaseServerResponseException.class,
                () -> fhir.transaction().withBundle(transaction).execute());
        assertEquals(422, refused.getStatusCode());
        assertTrue(refused.getMessage().contains("entry 2"), refused.getMessage());
        assertEquals(0, Fhir.total("Patient?identifier=urn:bundle-it|" + mrn), "the patient of entry 0 is rolled back");
    }

    @Test
    void conditionalReferenceMatchingNothingFailsTheTransaction() {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setResource(observationOf("Patient?identifier=urn:bundle-it|" + marker()))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        BaseServerResponseException refused = assertThrows(BaseServerResponseException.class,
                () -> fhir.transaction().withBundle(transaction).execute());
        assertEquals(412, refused.getStatusCode());
    }

    @Test
    void batchEntriesSucceedOrFailOnTheirOwnAndConditionalCreateIsNotRepeated() {
        String mrn = marker();
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        for (int i = 0; i < 2; i++) {
            batch.addEntry().setResource(patient(mrn)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                    .setIfNoneExist("identifier=urn:bundle-it|" + mrn);
        }
        Observation invalid = observationOf("Patient/unknown");
        invalid.setStatus(null);
        batch.addEntry().setResource(invalid).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?identifier=urn:bundle-it|" + mrn);

        Bundle response = fhir.transaction().withBundle(batch).execute();
        assertEquals(Bundle.BundleType.BATCHRESPONSE, response.getType());
        assertTrue(response.getEntry().get(0).getResponse().getStatus().startsWith("201"));
        assertTrue(response.getEntry().get(1).getResponse().getStatus().startsWith("200"), "the second create matched");
        assertTrue(response.getEntry().get(2).getResponse().getStatus().startsWith("422"));
        assertEquals(1, ((Bundle) response.getEntry().get(3).getResource()).getTotal());
    }
}
