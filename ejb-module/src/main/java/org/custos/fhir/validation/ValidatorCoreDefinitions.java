package org.custos.fhir.validation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The R4 core definitions as the validator sees them: without what costs it much to evaluate on every element and
 * is refused otherwise (warnings) or checked natively ({@link NativeRules}).
 * <ul>
 * <li>Those of severity warning. A warning never refuses a resource, and neither a write nor {@code $validate}
 * reports one, yet the validator evaluates every invariant it is given. One of them is costly: dom-6 ("a resource
 * should have narrative"), which HAPI's validator rewrites to {@code (%rootResource != $this) or text.div.exists()},
 * compares each resource element by element with itself, and Synthea's resources carry no narrative, so the
 * comparison runs to the end. Without the warning invariants, a warm server's validation threads took 12 % less CPU
 * (two servers side by side, five alternating ingests of a 3,185-resource Synthea export).</li>
 * <li>ele-1 ("all FHIR elements must have a @value or children"), which nearly every element of every definition
 * carries, so that it was evaluated as a FHIRPath expression on every element of every resource. {@link
 * EmptyElements} checks it instead, in one pass over the parsed resource: two warm servers side by side, eight
 * alternating ingests of that export, took 6 % less application CPU (9,422 against 10,020 ticks).</li>
 * <li>The formats of the primitive types' values (the regex extension of each primitive type's value element),
 * which the validator compiles anew for every primitive value it checks; {@link PrimitiveFormats} checks them with
 * each pattern compiled once: in one JVM, two probes side by side validating the 2-patient export in rounds, 3 % less
 * validation CPU (rounds 3-13: 29,132 against 29,997 ms, and 28,811 against 29,802 ms); two servers side by side,
 * 3-4 % less application CPU (ten alternating ingests of that export after two: 6,872 against 7,071 ticks; the
 * 10-patient export on the warm servers: 6,860 against 7,174).</li>
 * </ul>
 * Every other error invariant is kept. Each definition is copied once (every one of the R4 core has ele-1 somewhere),
 * so HAPI's shared definitions stay whole; the copies take ~4 MB more heap than those without warnings did.
 * <p>
 * The list of all definitions starts with the resource types, by name. HAPI's element-model parser, which reads every
 * resource the validator checks, finds the resource's definition by walking that list and building the URL it
 * compares with anew for each entry; in HAPI's own order (by hash) Observation, the commonest resource of a clinical
 * record, came 610th of 649, and the walk was a tenth of the validator's CPU.
 */
class ValidatorCoreDefinitions extends DefaultProfileValidationSupport {

    /** The invariant {@link EmptyElements} checks in its place. */
    static final String ELE_1 = "ele-1";

    /** Resource types, then data types, then profiles and extensions; each by URL (a core type's: base + name). */
    private static final Comparator<StructureDefinition> RESOURCE_TYPES_FIRST = Comparator
            .comparingInt(ValidatorCoreDefinitions::rank).thenComparing(StructureDefinition::getUrl);

    /** By URL: the copy without what is left out. */
    private final Map<String, IBaseResource> served = new ConcurrentHashMap<>();

    ValidatorCoreDefinitions(FhirContext context) {
        super(context);
    }

    /** The rules these definitions leave out, to be checked natively. */
    NativeRules leftOutRules() {
        return new NativeRules(PrimitiveFormats.of(super.<StructureDefinition>fetchAllStructureDefinitions()));
    }

    @Override
    public IBaseResource fetchStructureDefinition(String url) {
        IBaseResource definition = super.fetchStructureDefinition(url);
        return definition == null ? null : lean(definition);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
        List<T> all = super.fetchAllStructureDefinitions();
        return all == null ? null : all.stream().map(definition -> (StructureDefinition) lean(definition))
                .sorted(RESOURCE_TYPES_FIRST).map(definition -> (T) definition).toList();
    }

    private static int rank(StructureDefinition definition) {
        if (definition.getDerivation() != StructureDefinition.TypeDerivationRule.SPECIALIZATION) {
            return 2;
        }
        return definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE ? 0 : 1;
    }

    private IBaseResource lean(IBaseResource resource) {
        StructureDefinition definition = (StructureDefinition) resource;
        return served.computeIfAbsent(definition.getUrl(), url -> {
            StructureDefinition copy = definition.copy();
            boolean primitive = copy.getKind() == StructureDefinition.StructureDefinitionKind.PRIMITIVETYPE;
            copy.getSnapshot().getElement().forEach(element -> leaveOut(element, primitive));
            copy.getDifferential().getElement().forEach(element -> leaveOut(element, primitive));
            return copy;
        });
    }

    private static void leaveOut(ElementDefinition element, boolean ofPrimitiveType) {
        element.getConstraint().removeIf(ValidatorCoreDefinitions::isLeftOut);
        if (ofPrimitiveType && PrimitiveFormats.isValueElement(element)) {
            element.getExtension().removeIf(ValidatorCoreDefinitions::isFormat);
            element.getType().forEach(type -> type.getExtension().removeIf(ValidatorCoreDefinitions::isFormat));
        }
    }

    private static boolean isFormat(Extension extension) {
        return PrimitiveFormats.REGEX.equals(extension.getUrl());
    }

    private static boolean isLeftOut(ElementDefinition.ElementDefinitionConstraintComponent invariant) {
        return invariant.getSeverity() == ConstraintSeverity.WARNING || ELE_1.equals(invariant.getKey());
    }
}
