package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** XML in, XML out: a resource written as XML reads back as the same XML; _format and _pretty choose the output. */
@ExtendWith(RunningStack.class)
class XmlFormatIT {

    private static Observation bloodPressure() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("85354-9").setDisplay("Blood pressure");
        observation.setSubject(new Reference("Patient/xml-round-trip").setDisplay("Ünïcode Ñame"));
        observation.setEffective(new DateTimeType("2024-03-01T10:15:30+01:00"));
        observation.addExtension("http://example.org/fhir/StructureDefinition/device-note", new StringType("cuff <adult>"));
        observation.addComponent().setValue(new Quantity().setValue(120.50).setSystem("http://unitsofmeasure.org")
                .setCode("mm[Hg]")).getCode().addCoding().setSystem("http://loinc.org").setCode("8480-6");
        return observation;
    }

    @Test
    void resourceWrittenAsXmlReadsBackAsTheSameXml() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        fhir.setEncoding(EncodingEnum.XML);
        Observation original = bloodPressure();
        String id = fhir.create().resource(original).execute().getId().getIdPart();

        Observation read = fhir.read().resource(Observation.class).withId(id).execute();
        read.setIdElement(null);
        read.setMeta(null);
        var xml = Fhir.context().newXmlParser();
        assertEquals(xml.encodeResourceToString(original), xml.encodeResourceToString(read));
    }

    @Test
    void formatParameterAndPrettyChooseTheOutput() {
        String id = Fhir.clientWithToken(Tokens.client("ehr-system")).create().resource(bloodPressure()).execute()
                .getId().getIdPart();
        HttpResponse<String> xml = Fhir.get("/fhir/Observation/" + id + "?_format=xml&_pretty=true",
                Tokens.client("ehr-system"));
        assertEquals(200, xml.statusCode());
        assertTrue(xml.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+xml"));
        assertTrue(xml.body().contains("\n   <status value=\"final\"/>"), xml.body());
        HttpResponse<String> json = Fhir.getWithHeaders("/fhir/Observation/" + id, Tokens.client("ehr-system"),
                "Accept", "application/fhir+json");
        assertTrue(json.body().startsWith("{"));
    }
}
