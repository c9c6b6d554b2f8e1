package org.custos.fhir.validation;

import java.util.ArrayList;
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

    private static final String MESSAGE =
            "Constraint failed: ele-1: 'All FHIR elements must have a @value or children'";

    private EmptyElements() {
    }

    /** Adds an error for every element under {@code resource} that breaks ele-1, at that element's path. */
    static void check(Element resource, List<ValidationMessage> errors) {
        check(resource, new ArrayList<>(List.of(resource)), errors);
    }

    /** @param lineage the element and its ancestors, the resource first: its path, written only for an error */
    private static void check(Element element, List<Element> lineage, List<ValidationMessage> errors) {
        if (!element.hasChildren()) {
            return;
        }
        for (Element child : element.getChildren()) {
            lineage.add(child);
            if (child.isPrimitive() && Utilities.noString(child.primitiveValue()) && !hasChildOtherThanId(child)) {
                errors.add(new ValidationMessage(Source.InstanceValidator, IssueType.INVARIANT, child.line(),
                        child.col(), pathOf(lineage), MESSAGE, IssueSeverity.ERROR).setMessageId(RULE).setInvId(RULE));
            }
            check(child, lineage, errors);
            lineage.remove(lineage.size() - 1);
        }
    }

    /**
     * The path as HAPI's validator writes it ({@code NodeStack}): a list item with its index, a choice with its type,
     * e.g. {@code Observation.extension[0].value.ofType(string)}.
     */
    private static String pathOf(List<Element> lineage) {
        StringBuilder path = new StringBuilder(lineage.get(0).getName());
        for (Element step : lineage.subList(1, lineage.size())) {
            String name = step.getProperty().getName();
            if (step.getProperty().isList()) {
                path.append('.').append(name).append('[').append(step.getIndex()).append(']');
            } else if (step.getProperty().isChoice() && name.endsWith("[x]")) {
                path.append('.').append(name, 0, name.length() - 3)
                        .append(".ofType(").append(step.fhirType()).append(')');
            } else {
                path.append('.').append(step.getName());
            }
        }
        return path.toString();
    }

    private static boolean hasChildOtherThanId(Element element) {
        return element.hasChildren() && element.getChildren().stream().anyMatch(child -> !"id".equals(child.getName()));
    }
}
