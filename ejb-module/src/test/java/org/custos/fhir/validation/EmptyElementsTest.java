package org.custos.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ele-1, checked natively, refuses what HAPI's validator refuses with the invariant's FHIRPath expression, at the same
 * paths, and nothing else. Validated as JSON text: HAPI's encoder leaves such elements out of what the store validates.
 */
class EmptyElementsTest {

    /** The validator as the store builds it: ele-1 left out of the definitions and checked natively. */
    private static FhirValidator ours;

    /** HAPI's validator as it comes, with the R4 definitions whole: ele-1 evaluated as an expression. */
    private static FhirValidator hapis;

    @BeforeAll
    static void build() {
        ours = FhirContexts.r4().newValidator().registerValidatorModule(new ReusingInstanceValidator(
                ResourceValidator.support(FhirContexts.r4(), new ValidatorCoreDefinitions(FhirContexts.r4()))));
        hapis = FhirContexts.r4().newValidator().registerValidatorModule(new FhirInstanceValidator(
                ResourceValidator.support(FhirContexts.r4(), new DefaultProfileValidationSupport(FhirContexts.r4()))));
    }

    private static List<String> errors(FhirValidator validator, String json) {
        return validator.validateWithResult(json).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR)
                .map(message -> message.getLocationString() + " " + message.getMessageId()).sorted().toList();
    }

    /** In order of path: the validator reports ele-1 after its other findings. */
    private static void assertSameErrors(String json, List<String> expected) {
        assertEquals(expected, errors(hapis, json), "HAPI's validator");
        assertEquals(expected, errors(ours, json), "the store's validator");
    }

    @Test
    void aPrimitiveWithOnlyAnIdIsRefusedAtItsPathAsHapiRefusesIt() {
        assertSameErrors("""
                {"resourceType": "Patient", "_birthDate": {"id": "no-value"},
                 "name": [{"family": "Ele", "given": ["One", null], "_given": [null, {"id": "no-value-either"}]}]}""",
                List.of("Patient.birthDate " + EmptyElements.RULE, "Patient.name[0].given[1] " + EmptyElements.RULE));
    }

    @Test
    void aPrimitiveInsideAnExtensionOrAChoiceIsCheckedToo() {
        assertSameErrors("""
                {"resourceType": "Observation", "status": "final", "code": {"text": "checked"},
                 "extension": [{"url": "http://example.org/note", "_valueString": {"id": "e"}}],
                 "_valueString": {"id": "v"}}""",
                List.of("Observation.extension[0].value.ofType(string) " + EmptyElements.RULE,
                        "Observation.value.ofType(string) " + EmptyElements.RULE));
    }

    @Test
    void aPrimitiveWithAnExtensionAndAComplexElementWithOnlyAnIdPassAsInHapi() {
        assertSameErrors("""
                {"resourceType": "Patient", "maritalStatus": {"id": "only-an-id"},
                 "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                                               "valueCode": "unknown"}]}}""",
                List.of());
    }
}
