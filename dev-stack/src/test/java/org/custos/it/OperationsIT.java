package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** $everything, $validate, the CapabilityStatement and the SMART configuration say and do what they should. */
@ExtendWith(RunningStack.class)
class OperationsIT {

    private final IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));

    private String patientWithObservations(int observations, String performer) {
        Patient patient = new Patient();
        patient.addName().setFamily("Everything");
        String id = fhir.create().resource(patient).execute().getId().getIdPart();
        for (int i = 0; i < observations; i++) {
            Observation observation = new Observation();
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().setText("probe");
            observation.setSubject(new Reference("Patient/" + id));
            if (performer != null) {
                observation.addPerformer(new Reference(performer));
            }
            fhir.create().resource(observation).execute();
        }
        return id;
    }

    private Bundle everything(String patientId, Parameters parameters) {
        return fhir.operation().onInstance("Patient/" + patientId).named("$everything").withParameters(parameters)
                .useHttpGet().returnResourceType(Bundle.class).execute();
    }

    @Test
    void everythingReturnsThePatientsCompartmentAndWhatItRefersToPagedAndFilteredByType() {
        org.hl7.fhir.r4.model.Practitioner practitioner = new org.hl7.fhir.r4.model.Practitioner();
        practitioner.addName().setFamily("Performer");
        String performer = "Practitioner/" + fhir.create().resource(practitioner).execute().getId().getIdPart();
        String patientId = patientWithObservations(2, performer);
        patientWithObservations(1, null);

        Bundle all = everything(patientId, new Parameters());
        assertEquals(3, all.getTotal(), "the compartment: the patient and its two observations");
        Set<String> types = new HashSet<>();
        all.getEntry().stream().filter(entry -> entry.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .forEach(entry -> types.add(entry.getResource().fhirType()));
        assertEquals(Set.of("Patient", "Observation"), types);
        assertTrue(all.getEntry().stream().anyMatch(entry -> entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE
                && entry.getResource().getIdElement().toUnqualifiedVersionless().getValue().equals(performer)),
                "the practitioner the observations refer to comes along");

        Parameters onlyObservations = new Parameters();
        onlyObservations.addParameter("_type", new StringType("Observation"));
        assertEquals(2, everything(patientId, onlyObservations).getTotal());

        Parameters pageOfOne = new Parameters();
        pageOfOne.addParameter("_count", new StringType("1"));
        Bundle page = everything(patientId, pageOfOne);
        Set<String> seen = new HashSet<>();
        collectMatches(page, seen);
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = fhir.loadPage().next(page).execute();
            collectMatches(page, seen);
        }
        assertEquals(3, seen.size(), "three pages of one, each resource once");
    }

    private static void collectMatches(Bundle page, Set<String> seen) {
        page.getEntry().stream().filter(entry -> entry.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .forEach(entry -> seen.add(entry.getResource().getIdElement().toUnqualifiedVersionless().getValue()));
    }

    @Test
    void everythingOfAnUnknownPatientIs404() {
        HttpResponse<String> response = Fhir.get("/fhir/Patient/no-such-patient/$everything", Tokens.client("ehr-system"));
        assertEquals(404, response.statusCode());
    }

    @Test
    void validateReportsErrorsByPathAndStoresNothing() {
        Observation invalid = new Observation();
        invalid.getCode().setText("validate-probe-no-status");
        MethodOutcome outcome = fhir.validate().resource(invalid).execute();
        OperationOutcome issues = (OperationOutcome) outcome.getOperationOutcome();
        assertTrue(issues.getIssue().stream().anyMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                && issue.getExpression().stream().anyMatch(path -> path.getValue().startsWith("Observation"))));
        assertEquals(0, Fhir.total("Observation?code:text=validate-probe-no-status"));

        Patient valid = new Patient();
        valid.addName().setFamily("Valid");
        OperationOutcome clean = (OperationOutcome) fhir.validate().resource(valid).execute().getOperationOutcome();
        assertFalse(clean.getIssue().stream().anyMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR));
    }

    @Test
    void capabilityStatementListsSearchParametersIncludesOperationsAndBundles() {
        CapabilityStatement statement = Fhir.context().newJsonParser().parseResource(CapabilityStatement.class,
                Fhir.get("/fhir/metadata", null).body());
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        CapabilityStatement.CapabilityStatementRestResourceComponent patient = rest.getResource().stream()
                .filter(resource -> resource.getType().equals("Patient")).findFirst().orElseThrow();
        List<String> params = patient.getSearchParam().stream().map(p -> p.getName()).toList();
        assertTrue(params.containsAll(List.of("_id", "_lastUpdated", "birthdate", "family", "general-practitioner",
                "identifier")), params.toString());
        assertTrue(patient.getSearchRevInclude().stream().anyMatch(s -> s.getValue().equals("Observation:subject")));
        assertTrue(patient.getOperation().stream().anyMatch(op -> op.getName().equals("everything")));
        assertTrue(patient.getConditionalCreate());
        assertTrue(rest.getInteraction().stream()
                .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION));
        CapabilityStatement.CapabilityStatementRestResourceComponent observation = rest.getResource().stream()
                .filter(resource -> resource.getType().equals("Observation")).findFirst().orElseThrow();
        assertTrue(observation.getSearchParam().stream().anyMatch(p -> p.getName().equals("component-code-value-quantity")));
        CapabilityStatement.CapabilityStatementRestResourceComponent documents = rest.getResource().stream()
                .filter(resource -> resource.getType().equals("DocumentReference")).findFirst().orElseThrow();
        assertFalse(documents.getSearchParam().stream().anyMatch(p -> p.getName().equals("relationship")),
                "a reference-first composite is not answered, so not claimed");
    }

    @Test
    void smartConfigurationNamesTheAuthorizationServerWithoutAToken() {
        HttpResponse<String> response = Fhir.get("/fhir/.well-known/smart-configuration", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"token_endpoint\":\"" + RunningStack.settings().issuer()
                + "/protocol/openid-connect/token\""), response.body());
    }

    @Test
    void preferReturnMinimalLeavesTheBodyOutAndOperationOutcomeReturnsOne() {
        HttpResponse<String> response = Fhir.postWithHeaders("/fhir/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Minimal\"}]}", Tokens.client("ehr-system"),
                "Prefer", "return=minimal");
        assertEquals(201, response.statusCode());
        assertTrue(response.body().isEmpty(), response.body());
        assertTrue(response.headers().firstValue("Location").isPresent());
        assertTrue(response.headers().firstValue("ETag").orElse("").contains("1"));

        HttpResponse<String> outcome = Fhir.postWithHeaders("/fhir/Patient",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Outcome\"}]}", Tokens.client("ehr-system"),
                "Prefer", "return=OperationOutcome");
        assertEquals(201, outcome.statusCode());
        assertTrue(outcome.body().contains("\"resourceType\":\"OperationOutcome\""), outcome.body());
        assertFalse(outcome.body().contains("Outcome\"}"), "the resource itself is not returned");
    }
}
