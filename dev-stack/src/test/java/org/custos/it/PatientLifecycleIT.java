package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first vertical slice: Patient through HAPI client → FHIR endpoint → EJB store → PostgreSQL and back. */
@ExtendWith(RunningStack.class)
class PatientLifecycleIT {

    private static Patient newPatient(String mrn, String family) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(mrn);
        patient.addName().setFamily(family).addGiven("Ada");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.getBirthDateElement().setValueAsString("1984-03-17");
        return patient;
    }

    @Test
    void clinicianCreatesReadsUpdatesSearchesAndDeletesAPatient() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.staff("clinician.general"));

        MethodOutcome created = fhir.create().resource(newPatient("MRN-LIFE-1", "Lovelace")).execute();
        assertTrue(created.getCreated());
        IIdType id = created.getId().toUnqualifiedVersionless();
        assertEquals("1", created.getId().getVersionIdPart());

        Patient read = fhir.read().resource(Patient.class).withId(id).execute();
        assertEquals("Lovelace", read.getNameFirstRep().getFamily());
        assertEquals("1984-03-17", read.getBirthDateElement().getValueAsString());
        assertEquals("1", read.getMeta().getVersionId());

        read.getNameFirstRep().setFamily("King");
        MethodOutcome updated = fhir.update().resource(read).execute();
        assertEquals("2", updated.getId().getVersionIdPart());

        Patient version1 = fhir.read().resource(Patient.class).withIdAndVersion(id.getIdPart(), "1").execute();
        assertEquals("Lovelace", version1.getNameFirstRep().getFamily(), "vread returns the old version");

        Bundle byFamily = fhir.search().forResource(Patient.class)
                .where(Patient.FAMILY.matches().value("kin")).returnBundle(Bundle.class).execute();
        assertTrue(containsId(byFamily, id), "family prefix search, case-insensitive, finds the current version");
        Bundle byOldFamily = fhir.search().forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value("Lovelace")).returnBundle(Bundle.class).execute();
        assertTrue(!containsId(byOldFamily, id), "the index holds only the current version");
        Bundle byIdentifier = fhir.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier("urn:oid:2.16.840.1.113883.19.5", "MRN-LIFE-1"))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, byIdentifier.getTotal());

        fhir.delete().resourceById(id).execute();
        assertThrows(ResourceGoneException.class, () -> fhir.read().resource(Patient.class).withId(id).execute());
        Bundle afterDelete = fhir.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier("urn:oid:2.16.840.1.113883.19.5", "MRN-LIFE-1"))
                .returnBundle(Bundle.class).execute();
        assertEquals(0, afterDelete.getTotal());
    }

    @Test
    void whatIsReadBackEqualsWhatWasWrittenApartFromMeta() {
        Patient written = newPatient("MRN-LOSSLESS", "Roundtrip");
        written.addName().setUse(org.hl7.fhir.r4.model.HumanName.NameUse.MAIDEN).setFamily("Zoë").addGiven("Ünal");
        written.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL)
                .setValue("round.trip@example.org");
        written.addExtension().setUrl("http://example.org/fhir/StructureDefinition/custom")
                .setValue(new org.hl7.fhir.r4.model.StringType("kept as is"));
        written.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Roundtrip</div>");
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        IIdType id = fhir.create().resource(written.copy()).execute().getId();

        Patient read = fhir.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
        String expected = Fhir.context().newJsonParser().encodeResourceToString(written);
        read.setMeta(null);
        read.setId((String) null);
        assertEquals(expected, Fhir.context().newJsonParser().encodeResourceToString(read));
    }

    @Test
    void ehrSystemWritesAndReadsWithClientCredentials() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        IIdType id = fhir.create().resource(newPatient("MRN-EHR-1", "Hopper")).execute().getId().toUnqualifiedVersionless();
        assertEquals("Hopper", fhir.read().resource(Patient.class).withId(id).execute().getNameFirstRep().getFamily());
    }

    @Test
    void nurseReadsWhatAClinicianWrote() {
        IIdType id = Fhir.clientWithToken(Tokens.staff("clinician.general")).create()
                .resource(newPatient("MRN-NURSE-1", "Nightingale")).execute().getId().toUnqualifiedVersionless();
        Patient read = Fhir.clientWithToken(Tokens.staff("nurse.general")).read().resource(Patient.class).withId(id).execute();
        assertEquals("Nightingale", read.getNameFirstRep().getFamily());
    }

    @Test
    void updateWithAStaleVersionIs412AndChangesNothing() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        IIdType id = fhir.create().resource(newPatient("MRN-IFMATCH", "Curie")).execute().getId();
        Patient stale = newPatient("MRN-IFMATCH", "Sklodowska");
        stale.setId(id.withVersion("7"));
        assertThrows(PreconditionFailedException.class, () -> fhir.update().resource(stale).withId(id.withVersion("7"))
                .execute());
        Patient current = fhir.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
        assertEquals("Curie", current.getNameFirstRep().getFamily());
        assertEquals("1", current.getMeta().getVersionId());
    }

    @Test
    void readOfUnknownIdIs404() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        assertThrows(ResourceNotFoundException.class,
                () -> fhir.read().resource(Patient.class).withId("does-not-exist").execute());
    }

    private static boolean containsId(Bundle bundle, IIdType id) {
        return bundle.getEntry().stream()
                .anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(id.getIdPart()));
    }
}
