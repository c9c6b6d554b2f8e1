package org.custos.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custos.it.SyntheaExport;

/**
 * Measures the running stack ({@code ./run.sh}) side by side in one run: Synthea ingest rate; Patient read latency at
 * 1 and 20 concurrent clients against a bare authenticated JAX-RS ping on the same server (interleaved, so both see
 * the same machine state); identifier search latency. Prints figures and ratios; asserts nothing.
 */
public final class Bench {

    private static final String SECRET = "dev-ehr-system-secret-not-for-production";
    private static final Pattern LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"(Patient/[^/\"]+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "\"system\"\\s*:\\s*\"https://github.com/synthetichealth/synthea\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String app;
    private final String keycloak;
    private String token;

    private Bench(String app, String keycloak) {
        this.app = app;
        this.keycloak = keycloak;
    }

    public static void main(String[] args) throws Exception {
        String app = "http://localhost:" + env("CUSTOS_HTTP_PORT", "8080");
        String keycloak = "http://localhost:" + env("CUSTOS_KEYCLOAK_PORT", "8180");
        new Bench(app, keycloak).run();
    }

    private void run() throws Exception {
        List<Path> warmUp = SyntheaExport.bundles(2, 10);
        List<Path> bundles = SyntheaExport.bundles(10);
        refreshToken();
        Ingest first = ingest(warmUp);
        System.out.printf(Locale.ROOT, "warm-up ingest (2 patients, 10 years; includes the server's JIT warm-up): %d"
                + " resources in %.1f s = %.0f resources/s%n", first.resources, first.seconds, first.resources / first.seconds);
        refreshToken();
        Ingest ingest = ingest(bundles);
        System.out.printf(Locale.ROOT, "ingest: %d resources (Synthea 3.3.0, %d patients, full history) in %.1f s = %.0f"
                + " resources/s  (target: under 120 s)%n", ingest.resources, ingest.patients.size(), ingest.seconds,
                ingest.resources / ingest.seconds);
        List<String> patients = ingest.patients;
        List<String> identifiers = ingest.identifiers;

        refreshToken();
        for (int clients : new int[] {1, 20}) {
            Timings read = new Timings();
            Timings ping = new Timings();
            interleaved(clients, 300, patients, read, ping);
            read.clear();
            ping.clear();
            interleaved(clients, clients == 1 ? 2000 : 200, patients, read, ping);
            System.out.printf(Locale.ROOT, "read Patient/{id}, %2d client%s: p50 %.2f ms p99 %.2f ms | ping p50 %.2f ms"
                            + " p99 %.2f ms | read/ping p50 ratio %.2f  (target: <= 1.5)%n", clients, clients == 1 ? " " : "s",
                    read.percentile(50), read.percentile(99), ping.percentile(50), ping.percentile(99),
                    read.percentile(50) / ping.percentile(50));
        }
        Timings search = new Timings();
        for (int i = 0; i < 600; i++) {
            String identifier = identifiers.get(i % identifiers.size());
            String url = app + "/fhir/Patient?identifier=" + URLEncoder.encode(
                    "https://github.com/synthetichealth/synthea|" + identifier, StandardCharsets.UTF_8);
            long t = System.nanoTime();
            expectOk(send(HttpRequest.newBuilder(URI.create(url)).GET()));
            if (i >= 100) {
                search.add(System.nanoTime() - t);
            }
        }
        System.out.printf(Locale.ROOT, "search Patient?identifier=system|value: p50 %.2f ms p99 %.2f ms%n",
                search.percentile(50), search.percentile(99));
    }

    /** What loading a set of bundles took, and the patients (and their Synthea identifiers) it created. */
    private record Ingest(long resources, double seconds, List<String> patients, List<String> identifiers) {
    }

    private Ingest ingest(List<Path> bundles) throws IOException, InterruptedException {
        List<String> patients = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        long resources = 0;
        long started = System.nanoTime();
        for (Path bundle : bundles) {
            String body = Files.readString(bundle);
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(app + "/fhir"))
                    .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(bundle.getFileName() + " answered " + response.statusCode());
            }
            resources += count(response.body(), "\"response\"");
            Matcher patient = LOCATION.matcher(response.body());
            Matcher identifier = IDENTIFIER.matcher(body);
            if (patient.find() && identifier.find() && !bundle.getFileName().toString().contains("Information")) {
                patients.add(patient.group(1));
                identifiers.add(identifier.group(1));
            }
        }
        return new Ingest(resources, (System.nanoTime() - started) / 1e9, patients, identifiers);
    }

    /** Each client alternates a read and a ping, so both are measured under the same load. */
    private void interleaved(int clients, int perClient, List<String> patients, Timings read, Timings ping)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    String patient = patients.get((client + i) % patients.size());
                    time(app + "/fhir/" + patient, read);
                    time(app + "/api/admin/ping", ping);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }

    private void time(String url, Timings timings) throws IOException, InterruptedException {
        long t = System.nanoTime();
        expectOk(send(HttpRequest.newBuilder(URI.create(url)).GET()));
        timings.add(System.nanoTime() - t);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void refreshToken() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=ehr-system&client_secret=" + SECRET;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/hospital/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No token from Keycloak: is ./run.sh running?");
        }
        token = matcher.group(1);
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
    }

    private static long count(String text, String needle) {
        long count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Latencies in nanoseconds, thread-safe. */
    private static final class Timings {
        private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

        void add(long value) {
            nanos.add(value);
        }

        void clear() {
            nanos.clear();
        }

        double percentile(int p) {
            List<Long> sorted;
            synchronized (nanos) {
                sorted = new ArrayList<>(nanos);
            }
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
        }
    }
}
