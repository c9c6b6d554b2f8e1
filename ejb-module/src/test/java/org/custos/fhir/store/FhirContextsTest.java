package org.custos.fhir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.junit.jupiter.api.Test;

/** The shared context's encoder, which no longer looks for references to contain, still writes what was contained. */
class FhirContextsTest {

    @Test
    void containedResourcesAndTheReferencesToThemSurviveEncodingAsSyntheaSendsThem() {
        String json = """
                {"resourceType": "ExplanationOfBenefit", "status": "active", "use": "claim",
                 "contained": [{"resourceType": "Coverage", "id": "coverage", "status": "active",
                                "beneficiary": {"reference": "urn:uuid:beneficiary"},
                                "payor": [{"display": "No Insurance"}]}],
                 "insurance": [{"focal": true, "coverage": {"reference": "#coverage"}}]}""";
        IParser parser = FhirContexts.r4().newJsonParser();
        ExplanationOfBenefit parsed = parser.parseResource(ExplanationOfBenefit.class, json);
        String encoded = parser.encodeResourceToString(parsed);
        ExplanationOfBenefit again = parser.parseResource(ExplanationOfBenefit.class, encoded);
        assertEquals(1, again.getContained().size());
        assertEquals("#coverage", again.getInsuranceFirstRep().getCoverage().getReference());
        assertTrue(parsed.equalsDeep(again), encoded);
    }
}
