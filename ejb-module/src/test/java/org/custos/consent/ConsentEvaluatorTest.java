package org.custos.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ConsentEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String HIV = "http://terminology.hl7.org/CodeSystem/v3-ActCode|HIV";

    /** A clinician (Practitioner/dr-a of Organization/ward-1) reading an Observation of patient p1 to treat. */
    private static AccessContext observationRead() {
        return new AccessContext("p1", "Observation", Optional.of("Observation/o1"), Set.of(),
                Set.of("Practitioner/dr-a", "Organization/ward-1"), Set.of("clinician"), "access", Optional.of("TREAT"),
                NOW);
    }

    private static Consent consent(String id, ProvisionComponent provision) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE)
                .setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                        "patient-privacy", null)))
                .setPatient(new Reference("Patient/p1"))
                .setProvision(provision);
        consent.setId(id);
        return consent;
    }

    private static ProvisionComponent provision(ConsentProvisionType type) {
        return new ProvisionComponent().setType(type);
    }

    /** Permit everything, with one nested deny for the test to narrow (HAPI's add… returns the parent). */
    private static ProvisionComponent permitAllExcept() {
        ProvisionComponent root = provision(ConsentProvisionType.PERMIT);
        root.addProvision(provision(ConsentProvisionType.DENY));
        return root;
    }

    private static boolean permitted(AccessContext access, boolean defaultPermits, Consent... consents) {
        return ConsentEvaluator.decide(List.of(consents), access, defaultPermits).permitted();
    }

    @Test
    void withoutAConsentTheTenantsDefaultDecides() {
        assertTrue(permitted(observationRead(), true), "opt-out");
        assertFalse(permitted(observationRead(), false), "opt-in");
        assertTrue(ConsentEvaluator.decide(List.of(), observationRead(), false).consentId().isEmpty());
    }

    @Test
    void aDenyAllConsentDeniesAndNamesItself() {
        ConsentDecision decision = ConsentEvaluator.decide(List.of(consent("c1", provision(ConsentProvisionType.DENY))),
                observationRead(), true);
        assertFalse(decision.permitted());
        assertEquals(Optional.of("c1"), decision.consentId());
    }

    @Test
    void denyingOneActorDeniesThatActorOnly() {
        ProvisionComponent permitAllButDrA = permitAllExcept();
        permitAllButDrA.getProvisionFirstRep().addActor()
                .setReference(new Reference("Practitioner/dr-a"))
                .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                        "PRCP", null)));
        Consent consent = consent("c1", permitAllButDrA);
        assertFalse(permitted(observationRead(), true, consent));
        AccessContext drB = new AccessContext("p1", "Observation", Optional.empty(), Set.of(),
                Set.of("Practitioner/dr-b"), Set.of("clinician"), "access", Optional.of("TREAT"), NOW);
        assertTrue(permitted(drB, true, consent));
    }

    @Test
    void denyingByRoleDeniesEveryoneInThatRole() {
        ProvisionComponent noNurses = permitAllExcept();
        // Consent.provision.actor.reference is required: a role-wide actor names no one, only a display.
        noNurses.getProvisionFirstRep().addActor()
                .setRole(new CodeableConcept(new Coding("urn:custos:role", "nurse", null)))
                .setReference(new Reference().setDisplay("every nurse"));
        AccessContext nurse = new AccessContext("p1", "Observation", Optional.empty(), Set.of(), Set.of(),
                Set.of("nurse"), "access", Optional.of("TREAT"), NOW);
        assertFalse(permitted(nurse, true, consent("c1", noNurses)));
        assertTrue(permitted(observationRead(), true, consent("c1", noNurses)));
    }

    @Test
    void denyingOnePurposeDeniesThatPurposeOnly() {
        ProvisionComponent noResearch = permitAllExcept();
        noResearch.getProvisionFirstRep().addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HRESCH", null));
        assertTrue(permitted(observationRead(), false, consent("c1", noResearch)));
        AccessContext research = new AccessContext("p1", "Observation", Optional.empty(), Set.of(),
                Set.of("Practitioner/dr-a"), Set.of("clinician"), "access", Optional.of("HRESCH"), NOW);
        assertFalse(permitted(research, true, consent("c1", noResearch)));
    }

    @Test
    void denyingOneClassDeniesThatResourceTypeOnly() {
        ProvisionComponent noObservations = permitAllExcept();
        noObservations.getProvisionFirstRep().addClass_(new Coding("http://hl7.org/fhir/resource-types", "Observation", null));
        assertFalse(permitted(observationRead(), true, consent("c1", noObservations)));
        AccessContext condition = new AccessContext("p1", "Condition", Optional.empty(), Set.of(),
                Set.of("Practitioner/dr-a"), Set.of("clinician"), "access", Optional.of("TREAT"), NOW);
        assertTrue(permitted(condition, false, consent("c1", noObservations)));
    }

    @Test
    void denyingASecurityLabelDeniesLabelledDataOnly() {
        ProvisionComponent noHiv = permitAllExcept();
        noHiv.getProvisionFirstRep().addSecurityLabel(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIV", null));
        assertTrue(permitted(observationRead(), true, consent("c1", noHiv)));
        AccessContext labelled = new AccessContext("p1", "Observation", Optional.empty(), Set.of(HIV),
                Set.of("Practitioner/dr-a"), Set.of("clinician"), "access", Optional.of("TREAT"), NOW);
        assertFalse(permitted(labelled, true, consent("c1", noHiv)));
    }

    @Test
    void anExpiredPermitFallsBackToTheDefault() {
        ProvisionComponent lastYear = provision(ConsentProvisionType.PERMIT)
                .setPeriod(new Period().setStart(Date.from(Instant.parse("2025-01-01T00:00:00Z")))
                        .setEnd(Date.from(Instant.parse("2025-12-31T00:00:00Z"))));
        assertFalse(permitted(observationRead(), false, consent("c1", lastYear)), "opt-in tenant: denied");
        assertTrue(permitted(observationRead(), true, consent("c1", lastYear)), "opt-out tenant: permitted");
    }

    @Test
    void aNestedExceptionPermitsOneActorForTreatmentWithinADenyAll() {
        ProvisionComponent denyAllBut = provision(ConsentProvisionType.DENY);
        ProvisionComponent exception = provision(ConsentProvisionType.PERMIT);
        denyAllBut.addProvision(exception);
        exception.addActor().setReference(new Reference("Practitioner/dr-a"))
                .setRole(new CodeableConcept(new Coding("urn:custos:role", "clinician", null)));
        exception.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
        Consent consent = consent("c1", denyAllBut);
        assertTrue(permitted(observationRead(), false, consent));
        AccessContext forPayment = new AccessContext("p1", "Observation", Optional.empty(), Set.of(),
                Set.of("Practitioner/dr-a"), Set.of("clinician"), "access", Optional.of("HPAYMT"), NOW);
        assertFalse(permitted(forPayment, true, consent));
        AccessContext drB = new AccessContext("p1", "Observation", Optional.empty(), Set.of(),
                Set.of("Practitioner/dr-b"), Set.of("nurse"), "access", Optional.of("TREAT"), NOW);
        assertFalse(permitted(drB, true, consent));
    }

    @Test
    void aRevokedConsentNoLongerCounts() {
        Consent revoked = consent("c1", provision(ConsentProvisionType.DENY)).setStatus(Consent.ConsentState.INACTIVE);
        assertTrue(permitted(observationRead(), true, revoked));
    }

    @Test
    void anotherPatientsOrAnotherScopesConsentDoesNotCount() {
        Consent other = consent("c1", provision(ConsentProvisionType.DENY)).setPatient(new Reference("Patient/p2"));
        assertTrue(permitted(observationRead(), true, other));
        Consent research = consent("c2", provision(ConsentProvisionType.DENY));
        research.getScope().getCodingFirstRep().setCode("research");
        assertTrue(permitted(observationRead(), true, research));
    }

    @Test
    void amongSeveralConsentsADenyWins() {
        assertFalse(permitted(observationRead(), true, consent("c1", provision(ConsentProvisionType.PERMIT)),
                consent("c2", provision(ConsentProvisionType.DENY))));
    }

    @Test
    void aConsentThatCannotBeEvaluatedDenies() {
        Consent fine = consent("c1", provision(ConsentProvisionType.PERMIT));
        ConsentDecision decision = ConsentEvaluator.decide(Arrays.asList(fine, null), observationRead(), true);
        assertFalse(decision.permitted());
        assertTrue(decision.reason().contains("could not be evaluated"));
    }

    @Test
    void aConsentMayDenyOnlyWhereItsCallerCriteriaHold() {
        ProvisionComponent noResearch = permitAllExcept();
        noResearch.getProvisionFirstRep().addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
                "HRESCH", null));
        assertFalse(ConsentEvaluator.mayDeny(consent("c1", noResearch), observationRead()),
                "a consent against research use denies a treating clinician nothing");
        AccessContext research = new AccessContext("p1", "Observation", Optional.empty(), Set.of(), Set.of(),
                Set.of("clinician"), "access", Optional.of("HRESCH"), NOW);
        assertTrue(ConsentEvaluator.mayDeny(consent("c1", noResearch), research));

        ProvisionComponent noObservations = permitAllExcept();
        noObservations.getProvisionFirstRep().addClass_(new Coding("http://hl7.org/fhir/resource-types", "Patient",
                null));
        assertTrue(ConsentEvaluator.mayDeny(consent("c2", noObservations), observationRead()),
                "what is about the resource is taken as possibly matching");
        ProvisionComponent notDrB = provision(ConsentProvisionType.DENY);
        notDrB.addActor().setReference(new Reference("Practitioner/dr-b"));
        assertFalse(ConsentEvaluator.mayDeny(consent("c3", notDrB), observationRead()));
        assertFalse(ConsentEvaluator.mayDeny(consent("c4", provision(ConsentProvisionType.PERMIT)), observationRead()));
        assertTrue(ConsentEvaluator.mayDeny(null, observationRead()), "an error may deny");
    }
}
