package org.custos.devstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    private static final String FATAL = "Exception while loading the app";

    @TempDir
    Path dir;

    @Test
    void aFailureAnEarlierRunLeftInTheLogDoesNotFailTheNextStart() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "an earlier run: " + FATAL + "\n");
        try (ServerProcess process = ServerProcess.start("test server", new ProcessBuilder("sleep", "30"), log)) {
            IOException failure = assertThrows(IOException.class,
                    () -> process.awaitHttpOk(unusedPort(), Duration.ofSeconds(2), FATAL));
            assertTrue(failure.getMessage().contains("did not serve"), failure.getMessage());
        }
    }

    @Test
    void aFailureThisRunLogsEndsTheWaitAtOnce() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "an earlier run, all well\n");
        try (ServerProcess process = ServerProcess.start("test server",
                new ProcessBuilder("sh", "-c", "echo '" + FATAL + "'; sleep 30"), log)) {
            IOException failure = assertThrows(IOException.class,
                    () -> process.awaitHttpOk(unusedPort(), Duration.ofSeconds(20), FATAL));
            assertTrue(failure.getMessage().contains("failed to start its application"), failure.getMessage());
        }
    }

    private static URI unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://localhost:" + socket.getLocalPort() + "/");
        }
    }
}
