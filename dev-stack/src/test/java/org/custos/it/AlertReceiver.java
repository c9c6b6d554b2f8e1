package org.custos.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.custos.devstack.PayaraMicroServer;

/**
 * The hospital's alert webhook, for tests: the test stack's application is configured to POST its alerts here
 * (with test thresholds low enough for a test to cross), and a test listens while it needs the deliveries.
 */
final class AlertReceiver implements AutoCloseable {

    /** DEV-ONLY: the webhook secret of the test stack. */
    static final String SECRET = "dev-alert-webhook-secret-for-tests-only-0123456789";

    /** One POST as received. */
    record Delivery(String body, String signature) {
    }

    private static int port;
    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private AlertReceiver(HttpServer server) {
        this.server = server;
    }

    /** Before the stack starts: the application's alert settings for the tests. */
    static void configureApplication(int webhookPort) {
        port = webhookPort;
        set("CUSTOS_ALERTS_WEBHOOK_URL", "http://localhost:" + webhookPort + "/alerts");
        set("CUSTOS_ALERTS_WEBHOOK_SECRET", SECRET);
        set("CUSTOS_ALERTS_MANY_PATIENTS_COUNT", "5");
        set("CUSTOS_ALERTS_DENIALS_COUNT", "3");
        set("CUSTOS_ALERTS_FAILED_LOGINS_COUNT", "3");
        set("CUSTOS_ALERTS_FAILED_LOGINS_MINUTES", "1");
        set("CUSTOS_ALERTS_LARGE_EXPORT_RESOURCES", "3");
        // No working hours at all: every access to patient data is after hours, whenever the tests run.
        set("CUSTOS_ALERTS_WORKING_HOURS", "00:00-00:00");
    }

    private static void set(String variable, String value) {
        System.setProperty(PayaraMicroServer.APP_ENV_PREFIX + variable, value);
    }

    static AlertReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        AlertReceiver receiver = new AlertReceiver(server);
        server.createContext("/alerts", exchange -> {
            receiver.deliveries.add(new Delivery(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst("X-Custos-Signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
