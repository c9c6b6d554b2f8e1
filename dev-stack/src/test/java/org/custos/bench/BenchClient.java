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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custos.devstack.DemoUsers;

/**
 * The benchmark's HTTP side: tokens from the stack's Keycloak (EHR client credentials; a demo administrator with
 * password and TOTP), timed requests, interleaved load, and loading Synthea bundles.
 */
final class BenchClient {

    private static final Pattern LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"(Patient/[^/\"]+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "\"system\"\\s*:\\s*\"https://github.com/synthetichealth/synthea\"\\s*,\\s*\"value\"\\s*:\\s*\"([^\"]+)\"");

    /** One kind of request of an interleaved run: the URL of the i-th request of a client, and where it is timed. */
    record Probe(IntFunction<String> url, Timings timings) {
    }

    /** What loading a set of bundles took, and the patients (and their Synthea identifiers) it created. */
    record Ingest(long resources, double seconds, List<String> patients, List<String> identifiers) {
        double rate() {
            return resources / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String keycloak;
    private final DemoUsers demo;
    private volatile String token;

    BenchClient(String keycloak, DemoUsers demo) {
        this.keycloak = keycloak;
        this.demo = demo;
    }

    /** A fresh EHR-system token (tenant general-hospital) for the requests that follow (tokens live five minutes). */
    void refreshToken() throws IOException, InterruptedException {
        refreshToken("ehr-system");
    }

    /** The same for another of the demo EHR clients, and so for its tenant. */
    void refreshToken(String ehrClient) throws IOException, InterruptedException {
        DemoUsers.ConfidentialClient ehr = demo.client(ehrClient);
        token = requestToken("grant_type=client_credentials&client_id=" + ehrClient + "&client_secret="
                + URLEncoder.encode(ehr.secret(), StandardCharsets.UTF_8));
    }

    /** A token of the demo platform administrator, for the key endpoints of the admin API. */
    String platformAdminToken() throws IOException, InterruptedException {
        DemoUsers.DemoUser admin = demo.user("platform.admin");
        return requestToken("grant_type=password&client_id=custos-cli&username=" + admin.username() + "&password="
                + URLEncoder.encode(admin.password(), StandardCharsets.UTF_8) + "&totp=" + admin.totpNow());
    }

    private String requestToken(String form) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/hospital/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("No token from Keycloak (HTTP " + response.statusCode() + ")");
        }
        return matcher.group(1);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, token);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs a URL, adds its latency to {@code timings}, fails on anything but 200. */
    void time(String url, Timings timings) throws IOException, InterruptedException {
        long t = System.nanoTime();
        expect(200, send(HttpRequest.newBuilder(URI.create(url)).GET()));
        timings.add(System.nanoTime() - t);
    }

    /** POSTs a resource, adds its latency to {@code timings}, fails on anything but 201. */
    void timeCreate(String url, String json, Timings timings) throws IOException, InterruptedException {
        long t = System.nanoTime();
        expect(201, send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
        timings.add(System.nanoTime() - t);
    }

    /**
     * {@code clients} concurrent clients, each sending {@code perClient} rounds of one request per probe, so that every
     * probe is measured under the same load and machine state.
     */
    void interleaved(int clients, int perClient, List<Probe> probes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    for (Probe probe : probes) {
                        time(probe.url().apply(client + i), probe.timings());
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow(); // a failed probe must end the run, not leave the pool waiting
        }
    }

    /** Posts one transaction bundle; returns the created resources and patient (if any). */
    Ingest ingest(String app, Path bundle) throws IOException, InterruptedException {
        String body = Files.readString(bundle);
        long started = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(app + "/fhir"))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)));
        double seconds = (System.nanoTime() - started) / 1e9;
        expect(200, response);
        List<String> patients = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        Matcher patient = LOCATION.matcher(response.body());
        Matcher identifier = IDENTIFIER.matcher(body);
        if (patient.find() && identifier.find() && !bundle.getFileName().toString().contains("Information")) {
            patients.add(patient.group(1));
            identifiers.add(identifier.group(1));
        }
        return new Ingest(count(response.body(), "\"response\""), seconds, patients, identifiers);
    }

    static Ingest sum(Ingest a, Ingest b) {
        List<String> patients = new ArrayList<>(a.patients());
        patients.addAll(b.patients());
        List<String> identifiers = new ArrayList<>(a.identifiers());
        identifiers.addAll(b.identifiers());
        return new Ingest(a.resources() + b.resources(), a.seconds() + b.seconds(), patients, identifiers);
    }

    static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body();
            // The server's error bodies are OperationOutcomes and problem documents: no PHI by design.
            throw new IllegalStateException("HTTP " + response.statusCode() + " where " + status + " was expected: "
                    + body.substring(0, Math.min(300, body.length())));
        }
    }

    private static long count(String text, String needle) {
        long count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
