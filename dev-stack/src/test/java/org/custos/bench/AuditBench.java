package org.custos.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.custos.devstack.DevStack;
import org.custos.devstack.EmbeddedDatabase;
import org.custos.devstack.PayaraMicroServer;

/**
 * What the audit trail costs, and that it misses nothing under load: Patient read and identifier search on the
 * application against its twin with the trail off ({@code custos.audit.off-for-bench}, dev profile only; same WAR,
 * same database), interleaved at 1 and 20 clients; then 20 clients for two minutes on the application, each request
 * with its own request id, and the PHI requests served counted against the trail's records of them.
 */
final class AuditBench {

    private static final long SUSTAINED_NANOS = 120_000_000_000L;

    private final BenchClient client;
    private final String app;
    private final String auditOff;
    private final DevStack stack;
    private final List<PayaraMicroServer> timed;

    AuditBench(BenchClient client, String app, String auditOff, DevStack stack, List<PayaraMicroServer> timed) {
        this.client = client;
        this.app = app;
        this.auditOff = auditOff;
        this.stack = stack;
        this.timed = timed;
    }

    void run(List<String> patients, List<String> identifiers) throws Exception {
        client.refreshToken();
        warmUpTwin(patients, identifiers);
        QuietServers.await("the twin's warm-up", timed);
        for (int clients : new int[] {1, 20}) {
            Timings readOn = new Timings();
            Timings readOff = new Timings();
            Timings searchOn = new Timings();
            Timings searchOff = new Timings();
            List<BenchClient.Probe> probes = List.of(
                    new BenchClient.Probe(i -> app + "/fhir/" + patients.get(i % patients.size()), readOn),
                    new BenchClient.Probe(i -> auditOff + "/fhir/" + patients.get(i % patients.size()), readOff),
                    new BenchClient.Probe(i -> app + search(identifiers, i), searchOn),
                    new BenchClient.Probe(i -> auditOff + search(identifiers, i), searchOff));
            client.interleaved(clients, 200, probes);
            List.of(readOn, readOff, searchOn, searchOff).forEach(Timings::clear);
            client.interleaved(clients, clients == 1 ? 1000 : 100, probes);
            System.out.printf(Locale.ROOT, "audit on/off, %2d client%s: read p50 %.2f / %.2f ms = %.2f | search p50"
                            + " %.2f / %.2f ms = %.2f  (target: <= 1.10)%n", clients, clients == 1 ? " " : "s",
                    readOn.percentile(50), readOff.percentile(50), readOn.percentile(50) / readOff.percentile(50),
                    searchOn.percentile(50), searchOff.percentile(50),
                    searchOn.percentile(50) / searchOff.percentile(50));
        }
        sustained(patients, identifiers);
    }

    /**
     * The twin has served nothing yet, the application the whole ingest and the other benches: without a warm-up of
     * its own the twin's colder JIT makes auditing look free (seen: on/off 0.87).
     */
    private void warmUpTwin(List<String> patients, List<String> identifiers) throws Exception {
        Timings ignored = new Timings();
        List<BenchClient.Probe> twinOnly = List.of(
                new BenchClient.Probe(i -> auditOff + "/fhir/" + patients.get(i % patients.size()), ignored),
                new BenchClient.Probe(i -> auditOff + search(identifiers, i), ignored));
        client.interleaved(20, 300, twinOnly);
        client.interleaved(1, 3000, twinOnly);
    }

    private static String search(List<String> identifiers, int i) {
        return "/fhir/Patient?identifier=" + URLEncoder.encode("https://github.com/synthetichealth/synthea|"
                + identifiers.get(i % identifiers.size()), StandardCharsets.UTF_8);
    }

    /** 20 clients for two minutes; every PHI request served must have its one audit record. */
    private void sustained(List<String> patients, List<String> identifiers) throws Exception {
        client.refreshToken();
        String run = "auditload-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        AtomicLong served = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + SUSTAINED_NANOS;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            int clientNumber = c;
            done.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    String path = i % 2 == 0 ? "/fhir/" + patients.get((clientNumber + i) % patients.size())
                            : search(identifiers, clientNumber + i);
                    int status = client.send(HttpRequest.newBuilder(URI.create(app + path))
                            .header("X-Request-Id", run + clientNumber + "-" + i).GET()).statusCode();
                    (status == 200 ? served : refused).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        long records = recordsOf(run);
        System.out.printf(Locale.ROOT, "sustained load, 20 clients for 120 s: %d PHI requests served (%.0f/s), %d not;"
                        + " audit records of them: %d  (%s)%n", served.get(), served.get() / 120.0, refused.get(),
                records, records == served.get() + refused.get() ? "one per request" : "MISMATCH");
    }

    private long recordsOf(String run) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(EmbeddedDatabase.APP_DATABASE),
                "postgres", "");
             PreparedStatement count = db.prepareStatement("SELECT count(*) FROM audit_event WHERE request_id LIKE ?")) {
            count.setString(1, run + "%");
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
