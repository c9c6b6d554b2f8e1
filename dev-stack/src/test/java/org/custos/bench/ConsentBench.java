package org.custos.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.custos.devstack.PayaraMicroServer;

/**
 * What consent checking costs: a 100-result page of one patient's Observations on the application against its twin
 * with consent checking off ({@code custos.consent.off-for-bench}, dev profile only; same WAR, same database),
 * interleaved at 1 and 20 clients. Every searched patient has a consent on record (no research use: a treatment
 * search still sees everything, but every match is decided), and one patient of the run denies everyone.
 */
final class ConsentBench {

    private final BenchClient client;
    private final String app;
    private final String consentOff;
    private final List<PayaraMicroServer> timed;

    ConsentBench(BenchClient client, String app, String consentOff, List<PayaraMicroServer> timed) {
        this.client = client;
        this.app = app;
        this.consentOff = consentOff;
        this.timed = timed;
    }

    /** The consents it writes are deleted again at the end: the benches after it read every patient. */
    void run(List<String> patients) throws Exception {
        client.refreshToken();
        List<String> searched = patients.subList(0, patients.size() - 1);
        List<String> consents = new ArrayList<>();
        searched.forEach(patient -> consents.add(consent(patient, "{\"type\":\"deny\",\"purpose\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"HRESCH\"}]}")));
        consents.add(consent(patients.get(patients.size() - 1), "{\"type\":\"deny\"}"));
        try {
            measure(searched);
        } finally {
            for (String consent : consents) {
                client.send(HttpRequest.newBuilder(URI.create(app + "/fhir/" + consent)).DELETE());
            }
        }
    }

    private void measure(List<String> searched) throws Exception {
        Timings on = new Timings();
        Timings off = new Timings();
        List<BenchClient.Probe> probes = List.of(
                new BenchClient.Probe(i -> app + page(searched, i), on),
                new BenchClient.Probe(i -> consentOff + page(searched, i), off));
        // The twin has served nothing yet: warmed first, or its colder JIT would make consent look expensive.
        client.interleaved(20, 30, List.of(probes.get(1)));
        QuietServers.await("the twin's warm-up", timed);
        for (int clients : new int[] {1, 20}) {
            client.interleaved(clients, clients == 1 ? 100 : 10, probes);
            on.clear();
            off.clear();
            client.interleaved(clients, clients == 1 ? 300 : 30, probes);
            System.out.printf(Locale.ROOT, "consent on/off, %2d client%s: search of a 100-result page p50 %.2f / %.2f ms"
                            + " = %.2f  (target: <= 1.20)%n", clients, clients == 1 ? " " : "s", on.percentile(50),
                    off.percentile(50), on.percentile(50) / off.percentile(50));
        }
    }

    private static String page(List<String> patients, int i) {
        return "/fhir/Observation?subject=" + patients.get(i % patients.size()) + "&_count=100";
    }

    /** @return {@code Consent/id} */
    private String consent(String patient, String provision) {
        String json = "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"" + patient + "\"},\"policyRule\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPTIN\"}]},\"provision\":"
                + provision + "}";
        try {
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(app + "/fhir/Consent"))
                    .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(json)));
            BenchClient.expect(201, created);
            String location = created.headers().firstValue("Location").orElseThrow();
            return location.substring(location.indexOf("Consent/")).replaceAll("/_history/.*$", "");
        } catch (Exception e) {
            throw new IllegalStateException("Consent not created", e);
        }
    }
}
