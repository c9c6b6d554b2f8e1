package org.custos.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.custos.devstack.PayaraMicroServer;

/**
 * Waits before a measurement until the servers it times are idle. After a load that ran code for the first time (the
 * ingest's validation, parsing and indexing; a twin's warm-up) HotSpot's optimising compiler works through a queue
 * of thousands of methods for minutes, on one of this machine's two cores: timing then measures the compiler's
 * share of the CPU, and code not yet compiled, rather than the server a hospital runs for days.
 */
final class QuietServers {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    /** Idle: under 5 % of one core over the window (the sealer, the checkpointer, Payara's own timers). */
    private static final Duration IDLE_CPU = WINDOW.dividedBy(20);
    private static final Duration PATIENCE = Duration.ofMinutes(15);

    private QuietServers() {
    }

    static void await(String after, List<PayaraMicroServer> servers) throws InterruptedException {
        long started = System.nanoTime();
        boolean quiet = false;
        while (!quiet && System.nanoTime() - started < PATIENCE.toNanos()) {
            List<Duration> before = servers.stream().map(PayaraMicroServer::cpuTime).toList();
            Thread.sleep(WINDOW.toMillis());
            quiet = true;
            for (int i = 0; i < servers.size(); i++) {
                quiet &= servers.get(i).cpuTime().minus(before.get(i)).compareTo(IDLE_CPU) < 0;
            }
        }
        System.out.printf(Locale.ROOT, "servers %s after %s in %.0f s (compilation of what ran first caught up)%n",
                quiet ? "idle" : "still busy", after, (System.nanoTime() - started) / 1e9);
    }
}
