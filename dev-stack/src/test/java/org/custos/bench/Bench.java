package org.custos.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.custos.devstack.Artifacts;
import org.custos.devstack.DemoUsers;
import org.custos.devstack.DevStack;
import org.custos.devstack.EmbeddedDatabase;
import org.custos.devstack.PayaraMicroServer;
import org.custos.devstack.StackSettings;
import org.custos.it.SyntheaExport;

/**
 * The benchmark, side by side in one run, on a stack of its own ({@code .run/bench}, fresh database every run):
 * the application as deployed, and its unencrypted twin — the same WAR with {@code
 * custos.crypto.unencrypted-for-bench} (dev profile only) on a database of its own. Measures Synthea ingest on both
 * (bundle by bundle, alternating), then lets the load settle (its audit backlog sealed, VACUUM ANALYZE, the servers
 * idle: {@link QuietServers}); Patient read latency against a bare authenticated JAX-RS ping and against the twin;
 * Patient write latency against the twin; identifier search; the re-encryption job's rate after a data-key
 * rotation; what the audit trail costs against a twin with it off on the same database, with two minutes of 20
 * clients counted against their audit records ({@link AuditBench}); and what consent checking costs on a 100-result
 * page against a twin with it off on the same database ({@link ConsentBench}); last, the same ingest again on the
 * servers warm, into the other demo tenant. Prints figures and ratios; asserts nothing.
 */
public final class Bench {

    private final BenchClient client;
    private final String app;
    private final String twin;

    private Bench(BenchClient client, String app, String twin) {
        this.client = client;
        this.app = app;
        this.twin = twin;
    }

    public static void main(String[] args) throws Exception {
        Artifacts artifacts = Artifacts.fromBuild();
        Path runDir = artifacts.projectRoot().resolve(".run/bench");
        StackSettings settings = StackSettings.fromEnvironment(runDir);
        // A fresh database every run, so that runs compare (Keycloak imports its realm again when it starts).
        EmbeddedDatabase.deleteData(settings);
        int twinPort = settings.appPort() + 1;
        int auditOffPort = settings.appPort() + 2;
        int consentOffPort = settings.appPort() + 3;
        try (DevStack stack = new DevStack(settings).start(artifacts);
             PayaraMicroServer unencrypted = PayaraMicroServer.startVariant("payara-micro-unencrypted", twinPort, stack,
                     artifacts, Map.of("CUSTOS_DB_URL", stack.database().appDatabase("custos_unencrypted"),
                             "CUSTOS_CRYPTO_UNENCRYPTED_FOR_BENCH", "true"));
             PayaraMicroServer auditOff = PayaraMicroServer.startVariant("payara-micro-audit-off", auditOffPort, stack,
                     artifacts, Map.of("CUSTOS_AUDIT_OFF_FOR_BENCH", "true"));
             PayaraMicroServer consentOff = PayaraMicroServer.startVariant("payara-micro-consent-off", consentOffPort,
                     stack, artifacts, Map.of("CUSTOS_CONSENT_OFF_FOR_BENCH", "true"))) {
            BenchClient client = new BenchClient(settings.keycloakUrl(), DemoUsers.read(artifacts.realmJson()));
            Bench bench = new Bench(client, settings.appUrl(), "http://localhost:" + twinPort);
            BenchClient.Ingest[] ingested = bench.ingest();
            settle(stack, EmbeddedDatabase.APP_DATABASE, "custos_unencrypted");
            QuietServers.await("the ingest", List.of(stack.application(), unencrypted, auditOff, consentOff));
            bench.reads(ingested[0].patients());
            bench.search(ingested[0].identifiers());
            new AuditBench(client, bench.app, "http://localhost:" + auditOffPort, stack,
                    List.of(stack.application(), auditOff)).run(ingested[0].patients(),
                    ingested[0].identifiers());
            // Before the encryption bench: its key rotation ends with data the twins, which never reload keys, cannot open.
            new ConsentBench(client, bench.app, "http://localhost:" + consentOffPort,
                    List.of(stack.application(), consentOff)).run(ingested[0].patients());
            new EncryptionBench(client, bench.app, bench.twin, stack.keys()).run(ingested[0].patients(),
                    ingested[1].patients());
            bench.ingestWarm();
        }
    }

    /** Ingest on both servers, bundle by bundle alternating, after a warm-up of both: {encrypted, unencrypted}. */
    private BenchClient.Ingest[] ingest() throws Exception {
        load(SyntheaExport.bundles(2, 10), "warm-up ingest (2 patients, 10 years; includes the servers' JIT warm-up)");
        return load(SyntheaExport.bundles(10), "ingest (Synthea 3.3.0, 10 patients, full history; target: under 120 s"
                + " encrypted)");
    }

    /**
     * The same export once more, last, into the other demo tenant (so that nothing measured before sees more data):
     * what the ingest takes on servers that have run everything else. The first ingest follows a warm-up of 3,185
     * resources only, while HotSpot's compiler keeps working until ~30,000 have passed through a server (see
     * docs/performance.md), so the first figure is a server's first bulk load, this one a server's steady state.
     */
    private void ingestWarm() throws Exception {
        load(SyntheaExport.bundles(10), "ingest again, servers warm (the same export, into tenant riverside-clinic)",
                "ehr-system-b");
    }

    private BenchClient.Ingest[] load(List<Path> bundles, String what) throws Exception {
        return load(bundles, what, "ehr-system");
    }

    private BenchClient.Ingest[] load(List<Path> bundles, String what, String ehrClient) throws Exception {
        BenchClient.Ingest encrypted = new BenchClient.Ingest(0, 0, List.of(), List.of());
        BenchClient.Ingest plain = encrypted;
        for (Path bundle : bundles) {
            client.refreshToken(ehrClient);
            encrypted = BenchClient.sum(encrypted, client.ingest(app, bundle));
            plain = BenchClient.sum(plain, client.ingest(twin, bundle));
        }
        System.out.printf(Locale.ROOT, "%s: %d resources | encrypted %.1f s = %.0f resources/s | unencrypted %.1f s = %.0f"
                + " resources/s | time ratio %.2f%n", what, encrypted.resources(), encrypted.seconds(), encrypted.rate(),
                plain.seconds(), plain.rate(), encrypted.seconds() / plain.seconds());
        return new BenchClient.Ingest[] {encrypted, plain};
    }

    /**
     * The steady state after the bulk load, before anything is timed: the ingest's audit records (one per entry, tens
     * of thousands) sealed into their chains by the background sealer, and the databases vacuumed and analyzed, as an
     * operator does after a bulk load. Otherwise the first measurements share the machine with that backlog.
     */
    private static void settle(DevStack stack, String... databases) throws Exception {
        long started = System.nanoTime();
        long backlog = 0;
        for (String database : databases) {
            try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(database), "postgres", "");
                 Statement statement = db.createStatement()) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                for (long unsealed = unsealed(statement); unsealed > 0 && System.nanoTime() < deadline;
                     unsealed = unsealed(statement)) {
                    backlog = Math.max(backlog, unsealed);
                    Thread.sleep(1000);
                }
                statement.execute("VACUUM (ANALYZE)");
            }
        }
        System.out.printf(Locale.ROOT, "settled after the ingest in %.1f s (audit records waiting to be sealed: up to %d;"
                + " then VACUUM ANALYZE)%n", (System.nanoTime() - started) / 1e9, backlog);
    }

    private static long unsealed(Statement statement) throws SQLException {
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM audit_event WHERE hash IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** Patient read against an authenticated JAX-RS ping on the same server (what a read adds to the platform). */
    private void reads(List<String> patients) throws Exception {
        client.refreshToken();
        for (int clients : new int[] {1, 20}) {
            Timings read = new Timings();
            Timings ping = new Timings();
            List<BenchClient.Probe> probes = List.of(
                    new BenchClient.Probe(i -> app + "/fhir/" + patients.get(i % patients.size()), read),
                    new BenchClient.Probe(i -> app + "/api/admin/ping", ping));
            client.interleaved(clients, 300, probes);
            read.clear();
            ping.clear();
            client.interleaved(clients, clients == 1 ? 2000 : 200, probes);
            System.out.printf(Locale.ROOT, "read Patient/{id}, %2d client%s: p50 %.2f ms p99 %.2f ms | ping p50 %.2f ms"
                            + " p99 %.2f ms | read/ping p50 ratio %.2f  (target: <= 1.5)%n", clients, clients == 1 ? " " : "s",
                    read.percentile(50), read.percentile(99), ping.percentile(50), ping.percentile(99),
                    read.percentile(50) / ping.percentile(50));
        }
    }

    private void search(List<String> identifiers) throws Exception {
        Timings search = new Timings();
        for (int i = 0; i < 600; i++) {
            String identifier = identifiers.get(i % identifiers.size());
            String url = app + "/fhir/Patient?identifier=" + URLEncoder.encode(
                    "https://github.com/synthetichealth/synthea|" + identifier, StandardCharsets.UTF_8);
            long t = System.nanoTime();
            BenchClient.expect(200, client.send(HttpRequest.newBuilder(URI.create(url)).GET()));
            if (i >= 100) {
                search.add(System.nanoTime() - t);
            }
        }
        System.out.printf(Locale.ROOT, "search Patient?identifier=system|value: p50 %.2f ms p99 %.2f ms%n",
                search.percentile(50), search.percentile(99));
    }
}
