package org.custos.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.custos.devstack.DevKeys;

/**
 * What PHI encryption costs, measured against the unencrypted twin in the same run: Patient read latency (1 and 20
 * clients, interleaved), Patient write latency (alternating), and the re-encryption job's rate after a data-key
 * rotation on the encrypted server.
 */
final class EncryptionBench {

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*([0-9.E]+)");

    private final BenchClient client;
    private final String app;
    private final String twin;
    private final DevKeys keys;

    EncryptionBench(BenchClient client, String app, String twin, DevKeys keys) {
        this.client = client;
        this.app = app;
        this.twin = twin;
        this.keys = keys;
    }

    void run(List<String> encryptedPatients, List<String> unencryptedPatients) throws Exception {
        reads(encryptedPatients, unencryptedPatients);
        writes();
        rotation();
    }

    private void reads(List<String> encryptedPatients, List<String> unencryptedPatients) throws Exception {
        client.refreshToken();
        for (int clients : new int[] {1, 20}) {
            Timings encrypted = new Timings();
            Timings plain = new Timings();
            List<BenchClient.Probe> probes = List.of(
                    new BenchClient.Probe(i -> app + "/fhir/" + encryptedPatients.get(i % encryptedPatients.size()),
                            encrypted),
                    new BenchClient.Probe(i -> twin + "/fhir/" + unencryptedPatients.get(i % unencryptedPatients.size()),
                            plain));
            // As long a warm-up as the measurement: the twin has served no reads before (the JIT compiles late).
            client.interleaved(clients, clients == 1 ? 2000 : 200, probes);
            encrypted.clear();
            plain.clear();
            client.interleaved(clients, clients == 1 ? 2000 : 200, probes);
            print("read Patient/{id}, " + clients + (clients == 1 ? " client" : " clients"), encrypted, plain,
                    "(target: <= 1.2)");
        }
    }

    private void writes() throws Exception {
        client.refreshToken();
        String patient = """
                {"resourceType":"Patient","identifier":[{"system":"http://hospital.smarthealthit.org","value":"bench-%d"}],
                 "name":[{"use":"official","family":"Benchwriter","given":["Ada","Maria"],"prefix":["Ms."]}],
                 "telecom":[{"system":"phone","value":"555-201-4471","use":"home"}],"gender":"female",
                 "birthDate":"1961-04-17","address":[{"line":["74 Example Street Unit 3"],"city":"Boston",
                 "state":"MA","postalCode":"02118","country":"US"}],"maritalStatus":{"text":"Married"}}""";
        Timings encrypted = new Timings();
        Timings plain = new Timings();
        for (int i = 0; i < 1200; i++) {
            if (i == 200) {
                encrypted.clear();
                plain.clear();
            }
            client.timeCreate(app + "/fhir/Patient", patient.formatted(i), encrypted);
            client.timeCreate(twin + "/fhir/Patient", patient.formatted(i), plain);
        }
        print("create Patient, 1 client", encrypted, plain, "");
    }

    private void print(String what, Timings encrypted, Timings plain, String target) {
        System.out.printf(Locale.ROOT, "%s: encrypted p50 %.2f ms p99 %.2f ms | unencrypted p50 %.2f ms p99 %.2f ms"
                        + " | encrypted/unencrypted p50 ratio %.2f  %s%n", what, encrypted.percentile(50),
                encrypted.percentile(99), plain.percentile(50), plain.percentile(99),
                encrypted.percentile(50) / plain.percentile(50), target);
    }

    /** Adds a new primary data key, reloads, and runs the job over everything the run stored. */
    private void rotation() throws Exception {
        AeadConfig.register();
        KeysetHandle current = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keys.dataKeyset()),
                InsecureSecretKeyAccess.get());
        KeysetHandle rotated = KeysetHandle.newBuilder(current).addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build();
        Files.writeString(keys.dataKeyset(), TinkJsonProtoKeysetFormat.serializeKeyset(rotated,
                InsecureSecretKeyAccess.get()));
        String admin = client.platformAdminToken();
        BenchClient.expect(200, admin("POST", "/keys/reload", admin));
        HttpResponse<String> status = admin("POST", "/reencryption", admin);
        BenchClient.expect(202, status);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (!"DONE".equals(field(STATE, status.body())) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            status = admin("GET", "/reencryption", admin);
        }
        System.out.printf(Locale.ROOT, "re-encryption after a data-key rotation: %s rows (%s re-sealed, %s failed) in"
                        + " %.1f s = %.0f rows/s  (target: >= 5,000)%n", number("rowsDone", status.body()),
                number("rowsResealed", status.body()), number("rowsFailed", status.body()),
                Double.parseDouble(number("rowsDone", status.body())) / Double.parseDouble(number("rowsPerSecond",
                        status.body())), Double.parseDouble(number("rowsPerSecond", status.body())));
    }

    private HttpResponse<String> admin(String method, String path, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(app + "/api/admin/crypto" + path))
                .method(method, HttpRequest.BodyPublishers.noBody()), token);
    }

    private static String field(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String number(String name, String json) {
        return field(Pattern.compile(NUMBER.pattern().formatted(name)), json);
    }
}
