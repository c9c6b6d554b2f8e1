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
 * client (as scripts do), EHR systems with client credentials. Staff logins are kept per user because Keycloak
 * accepts each TOTP code only once.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, StaffLogin> STAFF_LOGINS = new ConcurrentHashMap<>();

    /** A staff login: its access token, the refresh token that renews it, and when the access token expires. */
    private record StaffLogin(String accessToken, String refreshToken, Instant expires) {
        static StaffLogin of(TokenResponse response) {
            if (response.status() != 200) {
                throw new IllegalStateException("No token: " + response.status() + " " + response.body());
            }
            return new StaffLogin(response.body().get("access_token").asText(),
                    response.body().get("refresh_token").asText(),
                    Instant.now().plusSeconds(response.body().get("expires_in").asLong()));
        }

        boolean fresh() {
            return Instant.now().isBefore(expires.minusSeconds(30));
        }
    }

    private Tokens() {
    }

    /**
     * A token of a staff member a test created (see {@link KeycloakAdmin#createStaff}), whose TOTP secret is
     * {@code totp-} and the username.
     */
    static String testStaff(String username, String password) {
        Map<String, String> form = passwordForm(username, password);
        form.put("totp", Totp.codeAt(Totp.keyOf("totp-" + username), Instant.now()));
        TokenResponse response = requestToken(form);
        if (!response.hasAccessToken()) {
            throw new IllegalStateException("Login of " + username + " failed: " + response);
        }
        return response.body().get("access_token").asText();
    }

    /**
     * A token of a demo staff user: logged in once with password and TOTP (Keycloak accepts each TOTP code only once),
     * then renewed with the refresh token whenever the access token is about to expire — a test suite lasts longer
     * than an access token.
     */
    public static String staff(String username) {
        return STAFF_LOGINS.compute(username, (name, login) -> {
            if (login == null) {
                DemoUsers.DemoUser user = RunningStack.demo().user(name);
                return StaffLogin.of(loginWithFreshCode(user, passwordLogin(user)));
            }
            if (login.fresh()) {
                return login;
            }
            Map<String, String> refresh = new LinkedHashMap<>();
            refresh.put("grant_type", "refresh_token");
            refresh.put("client_id", "custos-cli");
            refresh.put("refresh_token", login.refreshToken());
            return StaffLogin.of(requestToken(refresh));
        }).accessToken();
    }

    private static Map<String, String> passwordLogin(DemoUsers.DemoUser user) {
        Map<String, String> form = passwordForm(user.username(), user.password());
        if (user.hasTotp()) {
            form.put("totp", Totp.codeAt(Totp.keyOf(user.totpSecret()), Instant.now()));
        }
        return form;
    }

    /** The password grant of the custos-cli client, for accounts without TOTP (test accounts with no staff role). */
    static Map<String, String> passwordForm(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "custos-cli");
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    /**
     * A confidential app's login of a demo user with every scope a test will need (password grant, as the dev realm
     * allows for the demo {@code smart-app}). Tokens with fewer scopes are drawn from it with the refresh token
     * (RFC 6749 §6), so one login — one TOTP code, each good once — serves a whole test class.
     */
    public static AppLogin appLogin(String clientId, String username, String allScopes) {
        DemoUsers.DemoUser user = RunningStack.demo().user(username);
        Map<String, String> form = passwordLogin(user);
        form.put("client_id", clientId);
        form.put("client_secret", RunningStack.demo().client(clientId).secret());
        form.put("scope", allScopes);
        return new AppLogin(clientId, StaffLogin.of(loginWithFreshCode(user, form)).refreshToken());
    }

    /**
     * A password (+ TOTP) login. Keycloak takes each TOTP code once: when another login of the user spent this
     * window's code, the login waits for the next window and tries once more.
     */
    private static TokenResponse loginWithFreshCode(DemoUsers.DemoUser user, Map<String, String> form) {
        TokenResponse response = requestToken(form);
        if (!response.hasAccessToken() && user.hasTotp()) {
            sleepUntil(Instant.ofEpochSecond((Instant.now().getEpochSecond() / Totp.PERIOD_SECONDS + 1)
                    * Totp.PERIOD_SECONDS));
            form.put("totp", Totp.codeAt(Totp.keyOf(user.totpSecret()), Instant.now()));
            response = requestToken(form);
        }
        return response;
    }

    /** A login of an app, kept by its (rotating) refresh token. */
    public static final class AppLogin {
        private final String clientId;
        private String refreshToken;

        private AppLogin(String clientId, String refreshToken) {
            this.clientId = clientId;
            this.refreshToken = refreshToken;
        }

        /** A fresh access token with just these scopes, which the login must have been granted. */
        public synchronized String token(String scope) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("client_id", clientId);
            form.put("client_secret", RunningStack.demo().client(clientId).secret());
            form.put("refresh_token", refreshToken);
            form.put("scope", scope);
            StaffLogin renewed = StaffLogin.of(requestToken(form));
            refreshToken = renewed.refreshToken();
            return renewed.accessToken();
        }
    }

    private static void sleepUntil(Instant instant) {
        try {
            Thread.sleep(Math.max(0, instant.toEpochMilli() - System.currentTimeMillis()) + 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client-credentials token with exactly the (optional) scopes asked for. */
    public static String clientWithScope(String clientId, String scope) {
        Map<String, String> form = clientCredentials(clientId, RunningStack.demo().client(clientId).secret());
        form.put("scope", scope);
        return accessToken(requestToken(form));
    }

    /** A client-credentials token of a demo EHR client. */
    public static String client(String clientId) {
        return clientWithSecret(clientId, RunningStack.demo().client(clientId).secret());
    }

    /** A client-credentials token of any confidential client. */
    public static String clientWithSecret(String clientId, String secret) {
        return accessToken(requestToken(clientCredentials(clientId, secret)));
    }

    static Map<String, String> clientCredentials(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return form;
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
