package org.custos.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * DEV-ONLY: the Patient records the demo patient users are linked to ({@code patient_id}), created through the FHIR
 * API by an EHR client of the same tenant when they do not exist yet, so that a patient signing in to an app with
 * {@code launch/patient} finds their own record.
 */
final class DemoPatients {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DemoPatients() {
    }

    static void ensure(StackSettings settings, DemoUsers demo) throws IOException, InterruptedException {
        for (DemoUsers.DemoUser user : demo.users()) {
            if (user.patientId() == null) {
                continue;
            }
            // Any EHR client of the tenant whose default scopes let it write (DPoP-bound or scope-less ones cannot).
            for (DemoUsers.ConfidentialClient client : demo.clients()) {
                if (user.tenant().equals(client.tenant())) {
                    if (putIfAbsent(settings, client, user.patientId())) {
                        break;
                    }
                }
            }
        }
    }

    /** @return whether the record exists now; false when this client could not read or write it */
    private static boolean putIfAbsent(StackSettings settings, DemoUsers.ConfidentialClient client,
                                                 String patientId) throws IOException, InterruptedException {
        Optional<String> token = token(settings, client);
        if (token.isEmpty()) {
            return false;
        }
        URI patient = URI.create(settings.appUrl() + "/fhir/Patient/" + patientId);
        int read = HTTP.send(HttpRequest.newBuilder(patient).header("Authorization", "Bearer " + token.get()).GET()
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (read == 200) {
            return true;
        }
        String body = "{\"resourceType\":\"Patient\",\"id\":\"" + patientId + "\",\"name\":[{\"family\":"
                + "\"Demo\",\"given\":[\"Patient\"]}],\"gender\":\"unknown\"}";
        int written = HTTP.send(HttpRequest.newBuilder(patient).header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        return written == 201 || written == 200;
    }

    private static Optional<String> token(StackSettings settings, DemoUsers.ConfidentialClient client)
            throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client.clientId(),
                StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(client.secret(), StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(settings.issuer()
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200
                ? Optional.of(JSON.readTree(response.body()).get("access_token").asText()) : Optional.empty();
    }
}
