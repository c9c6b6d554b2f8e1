package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FHIR XML is accepted, but never a DTD: no external entities, no entity expansion. */
@ExtendWith(RunningStack.class)
class XmlHardeningIT {

    private static final String XML = "application/fhir+xml";

    @Test
    void plainXmlPatientIsStored() {
        HttpResponse<String> response = Fhir.post("/fhir/Patient",
                "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Xmlplain\"/></name></Patient>", XML,
                Tokens.client("ehr-system"));
        assertEquals(201, response.statusCode());
    }

    @Test
    void externalEntityIsRejectedAndNothingStored() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Xxeprobe&xxe;\"/></name></Patient>";
        HttpResponse<String> response = Fhir.post("/fhir/Patient", xxe, XML, Tokens.client("ehr-system"));
        assertEquals(400, response.statusCode());
        assertFalse(response.body().contains("root:"));
        assertNothingStoredWithFamily("Xxeprobe");
    }

    @Test
    void billionLaughsIsRejectedAndNothingStored() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]><Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Laughprobe&lol9;\"/></name></Patient>");
        HttpResponse<String> response = Fhir.post("/fhir/Patient", dtd.toString(), XML, Tokens.client("ehr-system"));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().length() < 10_000, "no expansion echoed back");
        assertNothingStoredWithFamily("Laughprobe");
    }

    private static void assertNothingStoredWithFamily(String prefix) {
        assertEquals(0, Fhir.total("Patient?family=" + prefix));
    }
}
