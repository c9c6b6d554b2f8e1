package org.custos.fhir.validation;

/**
 * One validation error.
 *
 * @param location FHIRPath of the failing element, e.g. {@code Patient.gender}
 * @param rule     the validator's message id, e.g. {@code Terminology_TX_NoValid_16}: names the rule broken without
 *                 repeating the value
 */
public record InvalidElement(String location, String rule) {
}
