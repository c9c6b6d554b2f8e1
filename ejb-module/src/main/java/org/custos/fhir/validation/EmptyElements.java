package org.custos.fhir.validation;

import java.util.List;

import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.utilities.Utilities;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueType;
import org.hl7.fhir.utilities.validation.ValidationMessage.Source;

/**
 * The R4 invariant ele-1, "all FHIR elements must have a @value or children", checked in one pass over a parsed
 * resource instead of as the FHIRPath expression {@code hasValue() or (children().count() > id.count())} on every
 * element ({@link ValidatorCoreDefinitions} leaves it out).
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

    private static final String MESSAGE = "Constraint failed: ele-1: 'All FHIR elements must have a @value or children'";

    private EmptyElements() {
    }

    /** Adds an error for every element under {@code resource} that breaks ele-1, at that element's path. */
    static void check(Element resource, List<ValidationMessage> errors) {
        check(resource, resource.getName(), errors);
    }

    private static void check(Element element, String path, List<ValidationMessage> errors) {
        if (!element.hasChildren()) {
            return;
        }
        for (Element child : element.getChildren()) {
            String childPath = pathOf(child, path);
            if (child.isPrimitive() && Utilities.noString(child.primitiveValue()) && !hasChildOtherThanId(child)) {
                errors.add(new ValidationMessage(Source.InstanceValidator, IssueType.INVARIANT, child.line(),
                        child.col(), childPath, MESSAGE, IssueSeverity.ERROR).setMessageId(RULE).setInvId(RULE));
            }
            check(child, childPath, errors);
        }
    }

    /**
     * The path as HAPI's validator writes it ({@code NodeStack}): a list item with its index, a choice with its type,
     * e.g. {@code Observation.extension[0].value.ofType(string)}.
     */
    private static String pathOf(Element child, String parentPath) {
        String name = child.getProperty().getName();
        if (child.getProperty().isList()) {
            return parentPath + "." + name + "[" + child.getIndex() + "]";
        }
        if (child.getProperty().isChoice() && name.endsWith("[x]")) {
            return parentPath + "." + name.substring(0, name.length() - 3) + ".ofType(" + child.fhirType() + ")";
        }
        return parentPath + "." + child.getName();
    }

    private static boolean hasChildOtherThanId(Element element) {
        return element.hasChildren() && element.getChildren().stream().anyMatch(child -> !"id".equals(child.getName()));
    }
}
