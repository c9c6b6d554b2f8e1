package org.custos.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * The formats of primitive values, checked natively with patterns compiled once, refuse what HAPI's validator refuses
 * with the definitions' patterns, at the same paths, and nothing else.
 */
class PrimitiveFormatsTest {

    private static final String FORMAT = "Type_Specific_Checks_DT_Primitive_Regex_Type";

    @Test
    void aValueItsTypesFormatRefusesIsRefusedAtItsPathAsHapiRefusesIt() {
        // A URI with a tab: the URI checks look for spaces only, the format refuses any whitespace.
        HapiParity.assertSameErrors("""
                {"resourceType": "Patient", "implicitRules": "http://example.org/a\\tb",
                 "identifier": [{"system": "urn:example:\\tsystem", "value": "1"}],
                 "extension": [{"url": "http://example.org/e", "valueCanonical": "http://example.org/a\\tb"}]}""",
                List.of("Patient.extension[0].value.ofType(canonical) " + FORMAT,
                        "Patient.identifier[0].system " + FORMAT, "Patient.implicitRules " + FORMAT));
    }

    @Test
    void aValueRefusedByAnotherCheckIsNotRefusedTwice() {
        HapiParity.assertSameErrors("""
                {"resourceType": "Observation", "status": "final",
                 "code": {"coding": [{"system": "http://loinc.org", "code": "a  b"}]},
                 "effectiveDateTime": "2020-13-01", "valueTime": "25:00:00"}""",
                List.of("Observation.code.coding[0].code Type_Specific_Checks_DT_Code_WS",
                        "Observation.effective.ofType(dateTime) Type_Specific_Checks_DT_DateTime_Valid",
                        "Observation.value.ofType(time) Type_Specific_Checks_DT_Time_Valid"));
    }

    @Test
    void validValuesOfEveryFormattedTypePass() {
        HapiParity.assertSameErrors("""
                {"resourceType": "Observation", "status": "final", "language": "en-US",
                 "implicitRules": "http://example.org/rules", "code": {"text": "every type"},
                 "issued": "2020-01-01T10:00:00.123+01:00", "effectiveDateTime": "2020-01-01T10:00:00Z",
                 "valueTime": "10:00:00",
                 "extension": [
                   {"url": "http://example.org/a", "valueBoolean": true},
                   {"url": "http://example.org/b", "valueInteger": -3},
                   {"url": "http://example.org/c", "valueDecimal": 1.50},
                   {"url": "http://example.org/d", "valueUnsignedInt": 0},
                   {"url": "http://example.org/e", "valuePositiveInt": 7},
                   {"url": "http://example.org/f", "valueOid": "urn:oid:2.16.840.1.113883.6.1"},
                   {"url": "http://example.org/g", "valueUuid": "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"},
                   {"url": "http://example.org/h", "valueUrl": "http://example.org/x"},
                   {"url": "http://example.org/i", "valueCanonical": "http://example.org/y|1.0"},
                   {"url": "http://example.org/j", "valueCode": "a b"},
                   {"url": "http://example.org/k", "valueDate": "2020-02"},
                   {"url": "http://example.org/l", "valueString": " spaced\\tout "},
                   {"url": "http://example.org/m", "valueMarkdown": "*marked*"},
                   {"url": "http://example.org/n", "valueBase64Binary": "aGVsbG8="},
                   {"url": "http://example.org/o", "valueId": "an-id"}]}""",
                List.of());
    }

    @Test
    void theFormatsAreLeftOutOfTheValidatorsDefinitionsAndHapisStayWhole() {
        String uri = "http://hl7.org/fhir/StructureDefinition/uri";
        StructureDefinition lean = (StructureDefinition) new ValidatorCoreDefinitions(FhirContexts.r4())
                .fetchStructureDefinition(uri);
        StructureDefinition whole = (StructureDefinition) new DefaultProfileValidationSupport(FhirContexts.r4())
                .fetchStructureDefinition(uri);
        assertFalse(hasFormat(lean));
        assertTrue(hasFormat(whole), "HAPI's definitions stay whole");
        List<StructureDefinition> all = new DefaultProfileValidationSupport(FhirContexts.r4())
                .fetchAllStructureDefinitions();
        assertEquals(List.of("base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id",
                        "instant", "integer", "markdown", "oid", "positiveInt", "string", "time", "unsignedInt", "uri",
                        "url", "uuid"),
                all.stream().filter(PrimitiveFormatsTest::hasFormat).map(StructureDefinition::getType).sorted().toList());
        assertEquals(List.of("boolean", "canonical", "code", "date", "dateTime", "decimal", "instant", "integer", "oid",
                        "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid"),
                PrimitiveFormats.of(all).types().stream().sorted().toList(),
                "id, base64Binary and markdown are checked otherwise, as in HAPI's validator");
    }

    private static boolean hasFormat(StructureDefinition definition) {
        return definition.getSnapshot().getElement().stream().filter(PrimitiveFormats::isValueElement)
                .anyMatch(PrimitiveFormatsTest::hasFormat);
    }

    private static boolean hasFormat(ElementDefinition element) {
        return element.hasExtension(PrimitiveFormats.REGEX)
                || element.getType().stream().anyMatch(type -> type.hasExtension(PrimitiveFormats.REGEX));
    }
}
