package org.custos.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * The store's validator against HAPI's as it comes: for the rules the store checks natively, both must refuse the
 * same resources at the same paths. Validated as JSON text: HAPI's encoder would leave some such elements out.
 */
final class HapiParity {

    /** The validator as the store builds it: some rules left out of the definitions and checked natively. */
    private static final FhirValidator OURS;

    /** HAPI's validator as it comes, with the R4 definitions whole. */
    private static final FhirValidator HAPIS;

    static {
        ValidatorCoreDefinitions definitions = new ValidatorCoreDefinitions(FhirContexts.r4());
        OURS = FhirContexts.r4().newValidator().registerValidatorModule(new ReusingInstanceValidator(
                ResourceValidator.support(FhirContexts.r4(), definitions), definitions.leftOutRules()));
        HAPIS = FhirContexts.r4().newValidator().registerValidatorModule(new FhirInstanceValidator(
                ResourceValidator.support(FhirContexts.r4(), new DefaultProfileValidationSupport(FhirContexts.r4()))));
    }

    private HapiParity() {
    }

    private static List<String> errors(FhirValidator validator, String json) {
        return validator.validateWithResult(json).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR)
                .map(message -> message.getLocationString() + " " + message.getMessageId()).sorted().toList();
    }

    /** @param expected each error's path and rule, in order of path */
    static void assertSameErrors(String json, List<String> expected) {
        assertEquals(expected, errors(HAPIS, json), "HAPI's validator");
        assertEquals(expected, errors(OURS, json), "the store's validator");
    }
}
