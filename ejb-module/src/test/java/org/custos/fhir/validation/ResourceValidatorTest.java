package org.custos.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.enterprise.concurrent.ManagedExecutorService;

import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reused core validator reports each resource's own errors, none left over from the last one, and keeps none of the
 * codings it saw; the validators kept for reuse stay few however many threads validated.
 */
class ResourceValidatorTest {

    private static final ResourceValidator VALIDATOR = new ResourceValidator();

    /** What the validator gave its executor to run, run when the test says (only execute() is used). */
    private static final List<Runnable> QUEUED = new ArrayList<>();

    @BeforeAll
    static void build() {
        VALIDATOR.buildAndWarm();
        VALIDATOR.executor = (ManagedExecutorService) Proxy.newProxyInstance(ManagedExecutorService.class.getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> QUEUED.add((Runnable) args[0]));
    }

    private static Observation invalidObservation() {
        Observation observation = new Observation();
        observation.getCode().setText("no status, which R4 requires");
        return observation;
    }

    private static Patient validPatientWithUnknownProfile() {
        Patient patient = new Patient();
        patient.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient");
        patient.addName().setFamily("Valid");
        patient.addGeneralPractitioner().setReference("Practitioner/p1");
        return patient;
    }

    @Test
    void errorsBelongToTheResourceValidatedNotToAnEarlierOne() {
        for (int round = 0; round < 3; round++) {
            List<InvalidElement> errors = VALIDATOR.errorsOf(invalidObservation());
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).location().startsWith("Observation"), errors.toString());
            assertEquals(List.of(), VALIDATOR.errorsOf(validPatientWithUnknownProfile()), "an unknown profile only warns");
        }
    }

    @Test
    void aResourceBreakingAnErrorInvariantIsRefusedAtItsPath() {
        Patient patient = new Patient();
        patient.addContact().setGender(Enumerations.AdministrativeGender.FEMALE);
        List<InvalidElement> errors = VALIDATOR.errorsOf(patient);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("Patient.contact[0]", errors.get(0).location());
        assertTrue(errors.get(0).rule().endsWith("#pat-1"), errors.toString());
    }

    @Test
    void aResourceTheValidatorFailsOnIsRefusedNotThrown() {
        Patient patient = new Patient();
        // HAPI encodes a list item with only an id as a bare null, on which its validator throws.
        patient.addName().addGiven("One").getGiven().add((StringType) new StringType().setId("no-value"));
        List<InvalidElement> refused = List.of(new InvalidElement("Patient", ResourceValidator.UNVALIDATABLE));
        assertEquals(refused, VALIDATOR.errorsOf(patient));
        Patient unchanged = new Patient();
        unchanged.addName().addGiven("One").getGiven().add((StringType) new StringType().setId("no-value"));
        try (ResourceValidator.AheadOfTime ahead = VALIDATOR.validateAhead(List.of(unchanged))) {
            QUEUED.forEach(Runnable::run);
            QUEUED.clear();
            assertEquals(refused, VALIDATOR.errorsOf(unchanged));
        }
    }

    @Test
    void resourcesValidatedAheadAreAnsweredFromThatValidationUnlessChangedSince() {
        Observation unchangedInvalid = invalidObservation();
        Observation fixedAfterwards = invalidObservation();
        Patient brokenAfterwards = validPatientWithUnknownProfile();
        try (ResourceValidator.AheadOfTime ahead = VALIDATOR.validateAhead(
                List.of(unchangedInvalid, fixedAfterwards, brokenAfterwards))) {
            QUEUED.forEach(Runnable::run);
            QUEUED.clear();
            fixedAfterwards.setStatus(Observation.ObservationStatus.FINAL);
            brokenAfterwards.addContact().setGender(Enumerations.AdministrativeGender.FEMALE);
            assertEquals(1, VALIDATOR.errorsOf(unchangedInvalid).size());
            assertEquals(List.of(), VALIDATOR.errorsOf(fixedAfterwards));
            List<InvalidElement> errors = VALIDATOR.errorsOf(brokenAfterwards);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).rule().endsWith("#pat-1"), errors.toString());
        }
    }

    @Test
    void coreValidatorsKeepNoneOfTheCodingsTheyValidated() throws Exception {
        assertTrue(CodingsSeen.CLEARABLE, "HAPI's validator keeps the codings it saw where CodingsSeen empties them");
        Observation observation = invalidObservation();
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        VALIDATOR.errorsOf(observation);
        InstanceValidator core = VALIDATOR.coreValidators.nextIdle().orElseThrow();
        assertEquals(0, CodingsSeen.kept(core), "codings kept after the validation");
    }

    @Test
    void validatorsKeptForReuseStayFewHoweverManyThreadsValidated() throws Exception {
        int threads = 3 * ReusingInstanceValidator.MAX_IDLE;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<InvalidElement>>> results = new ArrayList<>();
            for (int i = 0; i < 4 * threads; i++) {
                results.add(pool.submit(() -> VALIDATOR.errorsOf(invalidObservation())));
            }
            for (Future<List<InvalidElement>> result : results) {
                assertEquals(1, result.get().size());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(VALIDATOR.coreValidators.idleCount() <= ReusingInstanceValidator.MAX_IDLE);
        assertTrue(VALIDATOR.coreValidators.idleCount() > 0, "validators are reused");
    }
}
