package org.custos.fhir.validation;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ele-1, checked natively, refuses what HAPI's validator refuses with the invariant's FHIRPath expression, at the same
 * paths, and nothing else. Validated as JSON text: HAPI's encoder leaves such elements out of what the store validates.
 */
class EmptyElementsTest {

    @Test
    void aPrimitiveWithOnlyAnIdIsRefusedAtItsPathAsHapiRefusesIt() {
        HapiParity.assertSameErrors("""
                {"resourceType": "Patient", "_birthDate": {"id": "no-value"},
                 "name": [{"family": "Ele", "given": ["One", null], "_given": [null, {"id": "no-value-either"}]}]}""",
                List.of("Patient.birthDate " + EmptyElements.RULE, "Patient.name[0].given[1] " + EmptyElements.RULE));
    }

    @Test
    void aPrimitiveInsideAnExtensionOrAChoiceIsCheckedToo() {
        HapiParity.assertSameErrors("""
                {"resourceType": "Observation", "status": "final", "code": {"text": "checked"},
                 "extension": [{"url": "http://example.org/note", "_valueString": {"id": "e"}}],
                 "_valueString": {"id": "v"}}""",
                List.of("Observation.extension[0].value.ofType(string) " + EmptyElements.RULE,
                        "Observation.value.ofType(string) " + EmptyElements.RULE));
    }

    @Test
    void aPrimitiveWithAnExtensionAndAComplexElementWithOnlyAnIdPassAsInHapi() {
        HapiParity.assertSameErrors("""
                {"resourceType": "Patient", "maritalStatus": {"id": "only-an-id"},
                 "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                                               "valueCode": "unknown"}]}}""",
                List.of());
    }
}
