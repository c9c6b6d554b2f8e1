package org.custos.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.devstack.DemoUsers;
import org.custos.devstack.Totp;

/**
 * Real access tokens from the test stack's Keycloak: staff log in with password + TOTP through the custos-cli
 * client (as scripts do), EHR systems with client credentials. Staff tokens are cached per user because Keycloak
 * accepts each TOTP code only once.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> STAFF_TOKENS = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** A token of a demo staff user, logged in with password and the current TOTP code. */
    public static String staff(String username) {
        return STAFF_TOKENS.computeIfAbsent(username, name -> {
            DemoUsers.DemoUser user = RunningStack.demo().user(name);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "password");
            form.put("client_id", "custos-cli");
            form.put("username", user.username());
            form.put("password", user.password());
            if (user.hasTotp()) {
                form.put("totp", Totp.codeAt(Totp.keyOf(user.totpSecret()), Instant.now()));
            }
            return accessToken(requestToken(form));
        });
    }

    /** A client-credentials token of a demo EHR client. */
    public static String client(String clientId) {
        return clientWithSecret(clientId, RunningStack.demo().client(clientId).secret());
    }

    /** A client-credentials token of any confidential client. */
    public static String clientWithSecret(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return accessToken(requestToken(form));
    }

    /** Posts to the token endpoint and returns status and JSON body, whatever the outcome. */
    public static TokenResponse requestToken(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningStack.settings().issuer()
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new TokenResponse(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("Token endpoint not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String accessToken(TokenResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("No token: " + response.status() + " " + response.body());
        }
        return response.body().get("access_token").asText();
    }

    public record TokenResponse(int status, JsonNode body) {
        public boolean hasAccessToken() {
            return status == 200 && body.hasNonNull("access_token");
        }
    }
}
