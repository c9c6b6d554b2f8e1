package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.util.FhirTerser;
import org.custos.devstack.EmbeddedDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
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
    void syntheaExportLoadsUnmodifiedReadsBackEqualAndNeitherADumpNorTheServerLogHoldsPatientIdentifiers()
            throws IOException {
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
        assertDatabaseDumpHoldsNoPatientIdentifiers(sent.stream().filter(Patient.class::isInstance)
                .map(Patient.class::cast).toList(), directoryNames(sent));
    }

    /**
     * A {@code pg_dump} of the loaded database (as a thief with a backup has it) contains none of the patients'
     * names, identifiers (SSN, MRN, driver's licence, passport), phone numbers, street lines or birth dates; nor does
     * the server log (request lines, audit checkpoints, anything logged during the load).
     */
    private void assertDatabaseDumpHoldsNoPatientIdentifiers(List<Patient> patients, Set<String> directoryNames)
            throws IOException {
        Set<String> secrets = new TreeSet<>();
        for (Patient patient : patients) {
            patient.getName().forEach(name -> {
                secrets.add(name.getFamily());
                name.getGiven().forEach(given -> secrets.add(given.getValue()));
            });
            patient.getIdentifier().forEach(identifier -> secrets.add(identifier.getValue()));
            patient.getTelecom().forEach(telecom -> secrets.add(telecom.getValue()));
            patient.getAddress().forEach(address -> address.getLine().forEach(line -> secrets.add(line.getValue())));
            secrets.add(patient.getBirthDateElement().getValueAsString());
        }
        secrets.removeIf(secret -> secret == null || secret.length() < 5);
        // Synthea draws clinicians' names from the same pool: "Will178" may be a patient's given name and, in plain
        // (directory data), a practitioner's. Such a value in the dump is the clinician's, not a leak.
        secrets.removeAll(directoryNames);
        assertTrue(secrets.size() > 60, "the patients' identifying values: " + secrets.size());
        long started = System.nanoTime();
        String dump = pgDump();
        assertTrue(dump.contains("COPY public.fhir_resource_version"), "a dump of the loaded database");
        Set<String> found = valuesIn(dump, secrets);
        LOG.info(() -> "pg_dump of " + dump.length() / 1_000_000 + " M characters searched for " + secrets.size()
                + " identifying values in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertEquals(List.of(), found.stream().map(value -> value.charAt(0) + "***").toList(),
                found.size() + " identifying values in the dump");
        String log = Files.readString(RunningStack.settings().logDir().resolve("payara-micro.log"),
                StandardCharsets.ISO_8859_1);
        Set<String> logged = valuesIn(log, secrets);
        assertEquals(List.of(), logged.stream().map(value -> value.charAt(0) + "***").toList(),
                logged.size() + " identifying values in the server log after the load");
    }

    private static String pgDump() throws IOException {
        Path file = Files.createTempFile(RunningStack.settings().tmpDir(), "custos", ".sql");
        try {
            Process dump = new ProcessBuilder(pgDumpProgram(), "-h", "localhost", "-p",
                    Integer.toString(RunningStack.stack().database().port()), "-U", "postgres", "-d",
                    EmbeddedDatabase.APP_DATABASE, "-f", file.toString()).redirectErrorStream(true).start();
            String output = new String(dump.getInputStream().readAllBytes());
            assertEquals(0, dump.waitFor(), output);
            return Files.readString(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The names of the staff directory (practitioners): plain by design, and sometimes equal to a patient's. */
    private static Set<String> directoryNames(List<Resource> sent) {
        Set<String> names = new TreeSet<>();
        sent.stream().filter(Practitioner.class::isInstance).map(Practitioner.class::cast)
                .flatMap(practitioner -> practitioner.getName().stream()).forEach(name -> {
                    names.add(name.getFamily());
                    name.getGiven().forEach(given -> names.add(given.getValue()));
                });
        return names;
    }

    /** pg_dump of the machine's PostgreSQL client (any version from 14 on dumps the embedded PostgreSQL 14). */
    private static String pgDumpProgram() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin/pg_dump")).filter(Files::isExecutable)
                    .map(Path::toString).sorted().reduce((first, last) -> last).orElse("pg_dump");
        } catch (java.nio.file.NoSuchFileException e) {
            return "pg_dump";
        }
    }

    /**
     * Which of many values occur in a dump of hundreds of megabytes, in one pass: at each position only the values
     * that start with its character are compared.
     */
    private static Set<String> valuesIn(String dump, Set<String> values) {
        @SuppressWarnings("unchecked")
        List<String>[] byFirstCharacter = new List[Character.MAX_VALUE + 1];
        values.forEach(value -> {
            if (byFirstCharacter[value.charAt(0)] == null) {
                byFirstCharacter[value.charAt(0)] = new ArrayList<>();
            }
            byFirstCharacter[value.charAt(0)].add(value);
        });
        Set<String> found = new TreeSet<>();
        for (int i = 0; i < dump.length(); i++) {
            List<String> candidates = byFirstCharacter[dump.charAt(i)];
            if (candidates != null) {
                for (String candidate : candidates) {
                    if (dump.startsWith(candidate, i)) {
                        found.add(candidate);
                    }
                }
            }
        }
        return found;
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
