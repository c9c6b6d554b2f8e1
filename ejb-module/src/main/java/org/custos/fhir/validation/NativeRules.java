package org.custos.fhir.validation;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * The rules the store checks itself, in one pass over a parsed resource, where HAPI's validator spent much on each
 * element: ele-1 ({@link EmptyElements}) and the formats of primitive values ({@link PrimitiveFormats}).
 * {@link ValidatorCoreDefinitions} leaves both out of the definitions it gives the validator.
 */
final class NativeRules {

    private final PrimitiveFormats formats;

    NativeRules(PrimitiveFormats formats) {
        this.formats = formats;
    }

    /**
     * Adds an error for every element under {@code resource} that breaks one of the rules, at that element's path,
     * after the validator's own findings (a format is not checked where the value was refused already).
     */
    void check(Element resource, List<ValidationMessage> errors) {
        check(resource, new ArrayList<>(List.of(resource)), errors);
    }

    /** @param lineage the element and its ancestors, the resource first: its path, written only for an error */
    private void check(Element element, List<Element> lineage, List<ValidationMessage> errors) {
        if (!element.hasChildren()) {
            return;
        }
        for (Element child : element.getChildren()) {
            lineage.add(child);
            if (EmptyElements.breaks(child)) {
                errors.add(EmptyElements.error(child, pathOf(lineage)));
            } else if (formats.refuses(child)) {
                String path = pathOf(lineage);
                if (errors.stream().noneMatch(error -> error.isError() && path.equals(error.getLocation()))) {
                    errors.add(formats.error(child, path));
                }
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
}
