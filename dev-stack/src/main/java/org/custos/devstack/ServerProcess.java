package org.custos.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A server the dev stack runs as a child process, with its output in a log file: waits until it answers over HTTP,
 * and stops it gracefully (SIGTERM, then force) together with any process it spawned.
 */
final class ServerProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class.getName());
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this run's output begins in the log: what earlier runs appended is not this run's. */
    private final long logStart;

    private ServerProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts the command with its output appended to {@code log}. */
    static ServerProcess start(String name, ProcessBuilder builder, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(name, builder.start(), log, logStart);
    }

    /** Fails early when a port is taken: otherwise a server left over from an earlier run would answer for us. */
    static void requireFreePort(int port, String hint) throws IOException {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IOException("Port " + port + " is in use. " + hint, e);
        }
    }

    /** Polls {@code url} until it answers 200; on failure stops the process and reports the log's tail. */
    void awaitHttpOk(URI url, Duration timeout) throws IOException {
        awaitHttpOk(url, timeout, null);
    }

    /**
     * As {@link #awaitHttpOk(URI, Duration)}, but gives up at once when the log shows {@code fatalLogText}: a server
     * that failed to deploy its application may keep running and never answer.
     */
    void awaitHttpOk(URI url, Duration timeout, String fatalLogText) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited with code " + process.exitValue() + " during start-up. See "
                            + log + ":\n" + tail());
                }
                if (fatalLogText != null && thisRunsLog().contains(fatalLogText)) {
                    throw new IOException(name + " failed to start its application (\"" + fatalLogText + "\"). See "
                            + log);
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // keep polling
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("Interrupted while waiting for " + name, e);
        } catch (IOException e) {
            close();
            throw e;
        }
        close();
        throw new IOException(name + " did not serve " + url + " within " + timeout.toSeconds() + " s. See " + log
                + ":\n" + tail());
    }

    private String thisRunsLog() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
    }

    private String tail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    Path log() {
        return log;
    }

    /** CPU time the server process has used so far (zero where the platform does not tell). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or {@code kill -9} would end it: no shutdown of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM so the server shuts down cleanly; forced after 30 s. Spawned children never outlive it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warning(name + " did not stop within " + GRACE.toSeconds() + " s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
