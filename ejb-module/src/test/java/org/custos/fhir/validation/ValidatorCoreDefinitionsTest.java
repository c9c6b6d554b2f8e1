package org.custos.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * The validator is given the core definitions without their warning invariants and without ele-1 (checked natively),
 * and HAPI's shared ones stay whole; the resource types come first in the list of all definitions.
 */
class ValidatorCoreDefinitionsTest {

    private static final String PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient";

    private static List<String> invariants(StructureDefinition definition, ConstraintSeverity severity) {
        return definition.getSnapshot().getElement().stream().flatMap(element -> element.getConstraint().stream())
                .filter(invariant -> invariant.getSeverity() == severity).map(invariant -> invariant.getKey()).toList();
    }

    @Test
    void warningInvariantsAndEle1AreLeftOutAndOtherErrorInvariantsKept() {
        StructureDefinition patient = (StructureDefinition) new ValidatorCoreDefinitions(FhirContexts.r4())
                .fetchStructureDefinition(PATIENT);
        StructureDefinition original = (StructureDefinition) new DefaultProfileValidationSupport(FhirContexts.r4())
                .fetchStructureDefinition(PATIENT);
        assertEquals(List.of(), invariants(patient, ConstraintSeverity.WARNING));
        List<String> errorsButEle1 = invariants(original, ConstraintSeverity.ERROR).stream()
                .filter(key -> !"ele-1".equals(key)).toList();
        assertEquals(errorsButEle1, invariants(patient, ConstraintSeverity.ERROR));
        assertTrue(invariants(patient, ConstraintSeverity.ERROR).containsAll(List.of("dom-2", "pat-1", "ext-1")));
        assertTrue(invariants(original, ConstraintSeverity.WARNING).contains("dom-6"), "HAPI's definitions stay whole");
        assertTrue(invariants(original, ConstraintSeverity.ERROR).contains("ele-1"), "HAPI's definitions stay whole");
    }

    @Test
    void allDefinitionsAreServedAsByUrl() {
        ValidatorCoreDefinitions definitions = new ValidatorCoreDefinitions(FhirContexts.r4());
        List<StructureDefinition> all = definitions.fetchAllStructureDefinitions();
        assertTrue(all.stream().allMatch(definition -> invariants(definition, ConstraintSeverity.WARNING).isEmpty()));
        assertTrue(all.stream()
                .noneMatch(definition -> invariants(definition, ConstraintSeverity.ERROR).contains("ele-1")));
        StructureDefinition patient = all.stream().filter(definition -> PATIENT.equals(definition.getUrl()))
                .findFirst().orElseThrow();
        assertSame(patient, definitions.fetchStructureDefinition(PATIENT));
    }

    @Test
    void theValidatorSeesEveryResourceTypeBeforeAnyOtherDefinition() {
        List<StructureDefinition> all = ResourceValidator.support(FhirContexts.r4(),
                new ValidatorCoreDefinitions(FhirContexts.r4())).fetchAllStructureDefinitions().stream()
                .map(StructureDefinition.class::cast).toList();
        List<String> resourceTypes = all.stream().filter(ValidatorCoreDefinitionsTest::isResourceType)
                .map(StructureDefinition::getType).toList();
        assertTrue(resourceTypes.size() > 140, "R4 has 146 resource types");
        assertEquals(resourceTypes, all.subList(0, resourceTypes.size()).stream().map(StructureDefinition::getType)
                .toList(), "the resource types lead the list");
        assertEquals(resourceTypes.stream().sorted().toList(), resourceTypes, "by name");
        assertEquals(new DefaultProfileValidationSupport(FhirContexts.r4()).fetchAllStructureDefinitions().size(),
                all.size(), "none left out");
    }

    private static boolean isResourceType(StructureDefinition definition) {
        return definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
                && definition.getDerivation() == StructureDefinition.TypeDerivationRule.SPECIALIZATION;
    }
}
