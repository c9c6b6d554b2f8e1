package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Index values come from the R4 SearchParameter expressions, evaluated on a real HAPI resource. */
class SearchIndexerTest {

    private final SearchIndexer indexer = new SearchIndexer();

    private static Patient patient() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:mrn").setValue("MRN-1").getType().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        patient.addName().setFamily("Müller").addGiven("Anna");
        patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("555-0100");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.addAddress().setCity("Springfield");
        return patient;
    }

    @Test
    void indexesIdentifierAsSystemAndValueTokenAndByItsType() {
        assertTrue(indexer.extract(patient()).tokens().contains(new SearchIndex.Token("identifier", "urn:mrn", "MRN-1")));
        assertTrue(indexer.extract(patient()).tokens().contains(new SearchIndex.Token("identifier:of-type",
                "http://terminology.hl7.org/CodeSystem/v2-0203|MR", "MRN-1")));
    }

    @Test
    void indexesFamilyNormalizedForCaseAndAccentInsensitiveSearchAndExactForExactSearch() {
        SearchIndex index = indexer.extract(patient());
        assertTrue(index.strings().contains(new SearchIndex.Text("family", "muller", "Müller")));
        assertTrue(index.strings().contains(new SearchIndex.Text("name", "anna", "Anna")), "name covers given names");
    }

    @Test
    void indexesCodesTelecomAndAddressParts() {
        SearchIndex index = indexer.extract(patient());
        assertTrue(index.tokens().contains(new SearchIndex.Token("gender", null, "female")));
        assertTrue(index.tokens().contains(new SearchIndex.Token("phone", "phone", "555-0100")));
        assertTrue(index.strings().contains(new SearchIndex.Text("address-city", "springfield", "Springfield")));
    }

    @Test
    void evaluatesTypedExpressionsOfOtherResourceTypes() {
        org.hl7.fhir.r4.model.Observation observation = new org.hl7.fhir.r4.model.Observation();
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation.setValue(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(
                new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "260385009", null)));
        SearchIndex index = indexer.extract(observation);
        assertTrue(index.tokens().contains(new SearchIndex.Token("code", "http://loinc.org", "8867-4")));
        assertTrue(index.tokens().contains(new SearchIndex.Token("value-concept", "http://snomed.info/sct", "260385009")));
    }
}
