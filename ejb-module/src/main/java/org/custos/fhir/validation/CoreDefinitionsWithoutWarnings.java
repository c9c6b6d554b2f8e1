package org.custos.fhir.validation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The R4 core definitions as the validator sees them: without the invariants of severity warning. A warning never
 * refuses a resource, and neither a write nor {@code $validate} reports one, yet the validator evaluates every
 * invariant it is given. One of them is costly: dom-6 ("a resource should have narrative"), which HAPI's validator
 * rewrites to {@code (%rootResource != $this) or text.div.exists()}, compares each resource element by element with
 * itself, and Synthea's resources carry no narrative, so the comparison runs to the end. Without the warning
 * invariants, a warm server's validation threads took 12 % less CPU (two servers side by side, five alternating
 * ingests of a 3,185-resource Synthea export).
 * <p>
 * Definitions that have such invariants are copied once, so HAPI's shared definitions stay whole; the others are
 * served as they are.
 */
class CoreDefinitionsWithoutWarnings extends DefaultProfileValidationSupport {

    /** By URL: the copy without warnings, or the definition itself when it has none. */
    private final Map<String, IBaseResource> served = new ConcurrentHashMap<>();

    CoreDefinitionsWithoutWarnings(FhirContext context) {
        super(context);
    }

    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        IBaseResource definition = super.fetchStructureDefinition(url);
        return definition == null ? null : withoutWarnings(definition);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
        List<T> all = super.fetchAllStructureDefinitions();
        return all == null ? null : all.stream().map(definition -> (T) withoutWarnings(definition)).toList();
    }

    private IBaseResource withoutWarnings(IBaseResource resource) {
        StructureDefinition definition = (StructureDefinition) resource;
        return served.computeIfAbsent(definition.getUrl(), url -> {
            if (!hasWarningInvariants(definition)) {
                return definition;
            }
            StructureDefinition copy = definition.copy();
            copy.getSnapshot().getElement().forEach(CoreDefinitionsWithoutWarnings::dropWarnings);
            copy.getDifferential().getElement().forEach(CoreDefinitionsWithoutWarnings::dropWarnings);
            return copy;
        });
    }

    private static boolean hasWarningInvariants(StructureDefinition definition) {
        return definition.getSnapshot().getElement().stream().flatMap(element -> element.getConstraint().stream())
                .anyMatch(CoreDefinitionsWithoutWarnings::isWarning);
    }

    private static void dropWarnings(ElementDefinition element) {
        element.getConstraint().removeIf(CoreDefinitionsWithoutWarnings::isWarning);
    }

    private static boolean isWarning(ElementDefinition.ElementDefinitionConstraintComponent invariant) {
        return invariant.getSeverity() == ConstraintSeverity.WARNING;
    }
}
