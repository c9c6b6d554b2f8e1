package org.custos.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import javax.sql.DataSource;

import org.custos.crypto.WebhookSignature;
import org.eclipse.microprofile.config.Config;

/**
 * Delivers alerts to the hospital's webhook ({@code custos.alerts.webhook-url}), each as one signed JSON POST
 * ({@link WebhookSignature}), at least once: an alert is marked delivered on a 2xx answer and tried again on the
 * next runs otherwise, up to {@value #MAX_ATTEMPTS} times, each outcome kept (outside the timer's transaction). No
 * webhook configured: nothing is sent.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AlertWebhook {

    private static final Logger LOG = Logger.getLogger(AlertWebhook.class.getName());
    static final int MAX_ATTEMPTS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    Config config;

    private Optional<URI> url = Optional.empty();
    private WebhookSignature signature;

    /** A webhook URL without a good secret fails the deployment: alerts are never sent unsigned. */
    @PostConstruct
    void configure() {
        url = config.getOptionalValue("custos.alerts.webhook-url", String.class).filter(value -> !value.isBlank())
                .map(URI::create);
        if (url.isPresent()) {
            signature = new WebhookSignature(config.getOptionalValue("custos.alerts.webhook-secret", String.class)
                    .orElse(null));
        }
    }

    public void deliverPending() {
        if (url.isEmpty()) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            for (Alert alert : AlertTable.undelivered(db, MAX_ATTEMPTS, 50)) {
                AlertTable.deliveryTried(db, alert.id(), post(alert));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Undelivered alerts could not be read", e);
        }
    }

    private boolean post(Alert alert) {
        String body = json(alert);
        HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, signature.header(Instant.now().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.warning(() -> "The alert webhook answered " + status + " for alert " + alert.id());
            }
            return status / 100 == 2;
        } catch (IOException e) {
            LOG.warning(() -> "The alert webhook could not be reached for alert " + alert.id() + ": "
                    + e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String json(Alert alert) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", alert.id()).add("rule", alert.rule())
                .add("raisedAt", alert.raisedAt().toString()).add("detail", alert.detail());
        optional(json, "tenant", alert.tenant());
        optional(json, "user", alert.actorUsername());
        optional(json, "sourceIp", alert.sourceIp());
        return json.build().toString();
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
