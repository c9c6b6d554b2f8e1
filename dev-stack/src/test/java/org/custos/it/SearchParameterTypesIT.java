package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search by every parameter type, with prefixes and modifiers, against known data. Every search is narrowed to
 * this class's own resources (a family name or subject unique to the run), so other tests' data cannot interfere.
 */
@ExtendWith(RunningStack.class)
class SearchParameterTypesIT {

    private static final String FAMILY = "Srch" + UUID.randomUUID().toString().substring(0, 8);
    private static IGenericClient fhir;
    private static String annaId;
    private static String bobId;

    @BeforeAll
    static void createKnownData() {
        fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        annaId = create(patient("Anna", "1970-05-01", Enumerations.AdministrativeGender.FEMALE));
        bobId = create(patient("Bob", "1985-01-15", Enumerations.AdministrativeGender.MALE));
        Patient carol = patient("Carol", "2001-12-31", Enumerations.AdministrativeGender.FEMALE);
        carol.setBirthDateElement(new DateType());
        create(carol);
        create(heartRate(annaId, 72, "2024-03-01T10:00:00Z"));
        create(heartRate(annaId, 110, "2024-06-01T10:00:00Z"));
        create(heartRate(bobId, 95, "2024-03-02T10:00:00Z"));
        RiskAssessment risk = new RiskAssessment();
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(new Reference("Patient/" + annaId));
        risk.addPrediction().setProbability(new org.hl7.fhir.r4.model.DecimalType("0.25"));
        create(risk);
    }

    private static Patient patient(String given, String birthDate, Enumerations.AdministrativeGender gender) {
        Patient patient = new Patient();
        patient.addName().setFamily(FAMILY).addGiven(given);
        patient.addIdentifier().setSystem("urn:search-it:mrn").setValue(given + FAMILY).getType().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        patient.setBirthDateElement(new DateType(birthDate));
        patient.setGender(gender);
        return patient;
    }

    private static Observation heartRate(String patientId, int value, String when) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(when));
        observation.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode("/min")
                .setUnit("beats/minute"));
        return observation;
    }

    private static String create(IBaseResource resource) {
        return fhir.create().resource(resource).execute().getId().getIdPart();
    }

    private static int total(String search) {
        return fhir.search().byUrl(search).returnBundle(Bundle.class).execute().getTotal();
    }

    private static String patients(String criteria) {
        return "Patient?family=" + FAMILY + "&" + criteria;
    }

    @Test
    void stringMatchesPrefixCaseInsensitivelyAndExact() {
        assertEquals(3, total("Patient?family=" + FAMILY.toLowerCase()));
        // :contains is tested on staff names (DirectorySearchIT): patient names are blind indexes (PhiSearchIT).
        assertEquals(0, total("Patient?family:exact=" + FAMILY.toLowerCase()));
        assertEquals(3, total("Patient?family:exact=" + FAMILY));
        assertEquals(2, total(patients("given=anna,bob")));
    }

    @Test
    void tokenMatchesCodeAndNotAndTextAndMissing() {
        assertEquals(2, total(patients("gender=female")));
        assertEquals(2, total(patients("gender:not=male")));
        assertEquals(1, total("Observation?subject=Patient/" + bobId + "&code=http://loinc.org|8867-4"));
        assertEquals(0, total("Observation?subject=Patient/" + bobId + "&code=http://snomed.info/sct|8867-4"));
        assertEquals(2, total("Observation?subject=Patient/" + annaId + "&code:text=heart"));
        assertEquals(1, total("Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|Anna" + FAMILY));
        assertEquals(0, total("Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|DL|Anna" + FAMILY));
        assertEquals(1, total(patients("birthdate:missing=true")));
        assertEquals(2, total(patients("birthdate:missing=false")));
    }

    @Test
    void dateComparesRangesWithEveryPrefix() {
        assertEquals(1, total(patients("birthdate=1985")));
        assertEquals(1, total(patients("birthdate=1985-01")));
        assertEquals(1, total(patients("birthdate=eq1985-01-15")));
        assertEquals(1, total(patients("birthdate=ne1985-01-15")));
        assertEquals(1, total(patients("birthdate=gt1980")));
        assertEquals(2, total(patients("birthdate=ge1970-05-01")));
        assertEquals(1, total(patients("birthdate=lt1980")));
        assertEquals(2, total(patients("birthdate=le1985-01-15")));
        assertEquals(1, total(patients("birthdate=sa1984-12-31")));
        assertEquals(1, total(patients("birthdate=eb1985")));
        assertEquals(1, total(patients("birthdate=ap1985-01-14")));
        assertEquals(2, total("Observation?subject=Patient/" + annaId + "&date=ge2024-01-01&date=lt2025"));
        assertEquals(1, total("Observation?subject=Patient/" + annaId + "&date=2024-03"));
    }

    @Test
    void quantityAndNumberCompareValuesWithUnitsAndPrecision() {
        String anna = "Observation?subject=Patient/" + annaId;
        assertEquals(1, total(anna + "&value-quantity=gt100"));
        assertEquals(1, total(anna + "&value-quantity=72|http://unitsofmeasure.org|/min"));
        assertEquals(0, total(anna + "&value-quantity=72|http://unitsofmeasure.org|mg"));
        assertEquals(1, total(anna + "&value-quantity=72||/min"));
        assertEquals(2, total(anna + "&value-quantity=ge72"));
        assertEquals(1, total(anna + "&value-quantity=ap75"));
        assertEquals(1, total("RiskAssessment?subject=Patient/" + annaId + "&probability=0.25"));
        assertEquals(1, total("RiskAssessment?subject=Patient/" + annaId + "&probability=lt0.3"));
        assertEquals(0, total("RiskAssessment?subject=Patient/" + annaId + "&probability=0.4"));
    }

    @Test
    void referenceMatchesTypedIdBareIdAndTypeModifier() {
        assertEquals(2, total("Observation?subject=Patient/" + annaId));
        assertEquals(2, total("Observation?patient=" + annaId));
        assertEquals(2, total("Observation?subject:Patient=" + annaId));
        assertEquals(0, total("Observation?subject:Group=" + annaId));
    }

    @Test
    void compositeMatchesCodeAndValueOfTheSameComponent() {
        Observation pressure = new Observation();
        pressure.setStatus(Observation.ObservationStatus.FINAL);
        pressure.getCode().addCoding().setSystem("http://loinc.org").setCode("85354-9");
        pressure.setSubject(new Reference("Patient/" + bobId));
        pressure.addComponent().setValue(new Quantity().setValue(150).setSystem("http://unitsofmeasure.org")
                .setCode("mm[Hg]")).getCode().addCoding().setSystem("http://loinc.org").setCode("8480-6");
        pressure.addComponent().setValue(new Quantity().setValue(90).setSystem("http://unitsofmeasure.org")
                .setCode("mm[Hg]")).getCode().addCoding().setSystem("http://loinc.org").setCode("8462-4");
        create(pressure);
        String bob = "Observation?subject=Patient/" + bobId;
        assertEquals(1, total(bob + "&component-code-value-quantity=http://loinc.org|8480-6$gt140"));
        assertEquals(0, total(bob + "&component-code-value-quantity=http://loinc.org|8462-4$gt140"),
                "the diastolic code is not paired with the systolic value");
        assertEquals(1, total(bob + "&combo-code-value-quantity=8462-4$lt100"));
        assertEquals(1, total(bob + "&code-value-quantity=http://loinc.org|8867-4$95"));
    }

    @Test
    void uriMatchesExactlyAndBelow() {
        String base = "http://example.org/fhir/" + FAMILY + "/Questionnaire/";
        Questionnaire questionnaire = new Questionnaire();
        questionnaire.setStatus(Enumerations.PublicationStatus.ACTIVE);
        questionnaire.setUrl(base + "phq-9");
        create(questionnaire);
        assertEquals(1, total("Questionnaire?url=" + base + "phq-9"));
        assertEquals(0, total("Questionnaire?url=" + base + "phq"));
        assertEquals(1, total("Questionnaire?url:below=" + base));
    }

    @Test
    void idAndLastUpdatedSelectByColumns() {
        assertEquals(2, total(patients("_id=" + annaId + "," + bobId)));
        assertEquals(3, total(patients("_lastUpdated=ge2020-01-01")));
        assertEquals(0, total(patients("_lastUpdated=lt2020-01-01")));
    }

    @Test
    void nearFindsLocationsWithinTheDistance() {
        Location location = new Location();
        location.setName(FAMILY + " Clinic");
        location.getPosition().setLatitude(42.3601).setLongitude(-71.0589);
        create(location);
        assertEquals(1, total("Location?name=" + FAMILY + "&near=42.37|-71.06|5|km"));
        assertEquals(0, total("Location?name=" + FAMILY + "&near=40.71|-74.00|5|km"));
    }

    @Test
    void unknownParameterIsIgnoredUnlessHandlingIsStrict() {
        assertEquals(3, total(patients("shoe-size=42")));
        HttpResponse<String> strict = Fhir.getWithHeaders("/fhir/" + patients("shoe-size=42"),
                Tokens.client("ehr-system"), "Prefer", "handling=strict");
        assertEquals(400, strict.statusCode());
        assertTrue(strict.body().contains("shoe-size"), strict.body());
    }

    @Test
    void malformedValueIs400WithOperationOutcome() {
        HttpResponse<String> response = Fhir.get("/fhir/" + patients("birthdate=someday"), Tokens.client("ehr-system"));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("OperationOutcome"));
    }
}
