package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Synthea 3.3.0 export loads unmodified (hospital and practitioner batches, then one transaction per patient),
 * and every resource reads back equal to what was sent, apart from its id, meta and the references the server
 * resolved (urn:uuid and conditional ones), which must all point at stored resources.
 */
@ExtendWith(RunningStack.class)
class SyntheaLoadIT {

    private static final Logger LOG = Logger.getLogger(SyntheaLoadIT.class.getName());
    private static final int READ_BACK_CHUNK = 200;
    /** References other than to contained resources: the server replaces urn:uuid and conditional ones. */
    private static final Pattern RESOLVED_REFERENCE = Pattern.compile("\"reference\":\"(?!#)[^\"]*\"");

    private final IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
    private final IParser json = Fhir.context().newJsonParser();
    private final FhirTerser terser = Fhir.context().newTerser();

    @Test
    void syntheaExportLoadsUnmodifiedAndEveryResourceReadsBackEqual() throws IOException {
        List<Path> bundles = SyntheaExport.bundles(10, 10);
        long started = System.nanoTime();
        int resources = 0;
        List<Resource> sent = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        for (Path file : bundles) {
            String body = Files.readString(file);
            HttpResponse<String> response = Fhir.post("/fhir", body, Tokens.client("ehr-system"));
            assertEquals(200, response.statusCode(), file.getFileName() + ": " + response.body());
            Bundle request = json.parseResource(Bundle.class, body);
            Bundle answer = json.parseResource(Bundle.class, response.body());
            assertEquals(request.getEntry().size(), answer.getEntry().size());
            for (int i = 0; i < request.getEntry().size(); i++) {
                String status = answer.getEntry().get(i).getResponse().getStatus();
                assertTrue(status.startsWith("201") || status.startsWith("200"), file.getFileName() + " entry " + i);
                sent.add(request.getEntry().get(i).getResource());
                locations.add(answer.getEntry().get(i).getResponse().getLocation());
            }
            resources += request.getEntry().size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(() -> "Synthea load: " + bundles.size() + " bundles in " + Math.round(seconds) + " s");
        assertTrue(resources > 10_000, "a realistic export: " + resources + " resources");

        for (int from = 0; from < sent.size(); from += READ_BACK_CHUNK) {
            List<String> chunk = locations.subList(from, Math.min(sent.size(), from + READ_BACK_CHUNK));
            Bundle reads = new Bundle().setType(Bundle.BundleType.BATCH);
            chunk.forEach(location -> reads.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
                    .setUrl(location.replaceFirst("/_history/.*", "")));
            Bundle answers = fhir.transaction().withBundle(reads).execute();
            for (int i = 0; i < chunk.size(); i++) {
                Resource original = sent.get(from + i);
                Resource stored = answers.getEntry().get(i).getResource();
                assertReferencesResolved(stored);
                assertEquals(comparable(original), comparable(stored), "resource " + chunk.get(i));
            }
        }
    }

    private void assertReferencesResolved(Resource stored) {
        for (Reference reference : terser.getAllPopulatedChildElementsOfType(stored, Reference.class)) {
            String value = reference.getReference();
            if (value != null && !value.startsWith("#")) {
                assertFalse(value.startsWith("urn:") || value.contains("?"), "unresolved reference in " + stored.getId());
            }
        }
    }

    /** The resource without what the server assigns: id, meta.versionId/lastUpdated and resolved references. */
    private String comparable(Resource resource) {
        Resource copy = resource.copy();
        copy.setIdElement(null);
        copy.getMeta().setVersionId(null).setLastUpdated(null);
        return RESOLVED_REFERENCE.matcher(json.encodeResourceToString(copy)).replaceAll("\"reference\":\"resolved\"");
    }
}
