package org.custos.fhir.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueType;
import org.hl7.fhir.utilities.validation.ValidationMessage.Source;
import org.hl7.fhir.validation.instance.utils.FHIRPathExpressionFixer;

/**
 * The format of each primitive type's values, as its R4 definition states it (the regex extension of its value
 * element), checked with each pattern compiled once. HAPI's validator checks the same with {@code String.matches},
 * which compiles the pattern anew for every primitive value of every resource: ~3 % of a warm server's CPU in an
 * ingest (JFR, the 10-patient Synthea export). {@link ValidatorCoreDefinitions} leaves the extension out of the
 * definitions it gives the validator, and {@link NativeRules} asks this instead.
 * <p>
 * Checked where and as HAPI's validator checks it ({@code InstanceValidator.checkPrimitive}, core 6.7.9): a value
 * that is not blank, of a type other than id, base64Binary and markdown (which it checks otherwise), with the pattern
 * as its expression fixer rewrites it, and only when nothing else about that value was refused already.
 */
final class PrimitiveFormats {

    static final String REGEX = "http://hl7.org/fhir/StructureDefinition/regex";

    /** Types whose values HAPI's validator checks otherwise, never against their pattern. */
    private static final Set<String> CHECKED_OTHERWISE = Set.of("id", "base64Binary", "markdown");

    /** By type name. */
    private final Map<String, Pattern> patterns;

    private PrimitiveFormats(Map<String, Pattern> patterns) {
        this.patterns = patterns;
    }

    /** @param definitions the core definitions as HAPI ships them, regex extensions in place */
    static PrimitiveFormats of(List<StructureDefinition> definitions) {
        Map<String, Pattern> patterns = new HashMap<>();
        for (StructureDefinition definition : definitions) {
            if (definition.getKind() == StructureDefinitionKind.PRIMITIVETYPE
                    && !CHECKED_OTHERWISE.contains(definition.getType())) {
                formatOf(definition).map(FHIRPathExpressionFixer::fixRegex)
                        .ifPresent(regex -> patterns.put(definition.getType(), Pattern.compile(regex)));
            }
        }
        return new PrimitiveFormats(Map.copyOf(patterns));
    }

    /** As HAPI's validator finds it: on the first value element, else on one of its types. */
    private static Optional<String> formatOf(StructureDefinition definition) {
        return definition.getSnapshot().getElement().stream().filter(PrimitiveFormats::isValueElement).findFirst()
                .flatMap(value -> Optional.ofNullable(value.getExtensionString(REGEX)).or(() -> value.getType().stream()
                        .map(type -> type.getExtensionString(REGEX)).filter(regex -> regex != null).findFirst()));
    }

    static boolean isValueElement(ElementDefinition element) {
        return element.getPath().endsWith(".value");
    }

    /** The types with a pattern: every primitive type but those checked otherwise and xhtml. */
    Set<String> types() {
        return patterns.keySet();
    }

    /** Whether the element is a primitive whose value its type's format refuses. */
    boolean refuses(Element element) {
        if (!element.isPrimitive() || StringUtils.isBlank(element.primitiveValue())) {
            return false;
        }
        Pattern pattern = patterns.get(element.fhirType());
        return pattern != null && !pattern.matcher(element.primitiveValue()).matches();
    }

    /** The error HAPI's validator reports, with the type and pattern, but never the value: it may be PHI. */
    ValidationMessage error(Element element, String path) {
        return new ValidationMessage(Source.InstanceValidator, IssueType.INVALID, element.line(), element.col(), path,
                "The value does not match the format of type " + element.fhirType() + " ("
                        + patterns.get(element.fhirType()).pattern() + ")", IssueSeverity.ERROR)
                .setMessageId(I18nConstants.TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_REGEX_TYPE);
    }
}
