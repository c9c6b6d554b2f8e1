package org.custos.fhir.validation;

import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.utilities.Utilities;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueType;
import org.hl7.fhir.utilities.validation.ValidationMessage.Source;

/**
 * The R4 invariant ele-1, "all FHIR elements must have a @value or children", checked in one pass over a parsed
 * resource instead of as the FHIRPath expression {@code hasValue() or (children().count() > id.count())} on every
 * element ({@link ValidatorCoreDefinitions} leaves it out; {@link NativeRules} asks this instead).
 * <p>
 * What it refuses is what HAPI's validator refused with that expression: a primitive element with neither a value
 * nor any child but its {@code id}. A complex element always passed there, because the validator's {@code hasValue()}
 * of a complex element is whether its description as text is empty, and that is never empty; an empty JSON object
 * the parser refuses before. The elements whose definitions do not carry ele-1 (element ids, extension URLs,
 * contained resources) are never such a primitive: ids and URLs are JSON strings, and a resource is not primitive.
 */
final class EmptyElements {

    /** Where HAPI's validator says the rule comes from: the messages name it so. */
    static final String RULE = "http://hl7.org/fhir/StructureDefinition/Element#" + ValidatorCoreDefinitions.ELE_1;

    private static final String MESSAGE =
            "Constraint failed: ele-1: 'All FHIR elements must have a @value or children'";

    private EmptyElements() {
    }

    /** Whether the element breaks ele-1. */
    static boolean breaks(Element element) {
        return element.isPrimitive() && Utilities.noString(element.primitiveValue()) && !hasChildOtherThanId(element);
    }

    /** The error HAPI's validator reports for it, with its rule id. */
    static ValidationMessage error(Element element, String path) {
        return new ValidationMessage(Source.InstanceValidator, IssueType.INVARIANT, element.line(), element.col(), path,
                MESSAGE, IssueSeverity.ERROR).setMessageId(RULE).setInvId(RULE);
    }

    private static boolean hasChildOtherThanId(Element element) {
        return element.hasChildren() && element.getChildren().stream().anyMatch(child -> !"id".equals(child.getName()));
    }
}
