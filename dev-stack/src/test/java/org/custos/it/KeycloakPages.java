package org.custos.it;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.custos.devstack.Totp;

/**
 * A person in a browser, going through Keycloak's account pages from an e-mailed action link: proceeds past the
 * info page, sets the new password, registers an authenticator (reading the secret the page offers for manual entry
 * and answering with its current code), until Keycloak says the account is updated. Each page is kept under
 * target/keycloak-pages for when a step fails.
 */
final class KeycloakPages {

    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w[\\w-]*)=\"([^\"]*)\"");
    private static final Pattern PROCEED = Pattern.compile("href=\"([^\"]*login-actions/action-token[^\"]*)\"");
    private static final int MAX_PAGES = 10;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieJar())
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Path pages;

    KeycloakPages(String name) throws IOException {
        this.pages = Files.createDirectories(Path.of("target", "keycloak-pages", name));
    }

    /**
     * What the walk ended with.
     *
     * @param lastPage   the HTML of the page Keycloak ended on
     * @param totpSecret the authenticator secret registered on the way (null when none was asked for)
     */
    record Outcome(String lastPage, String totpSecret) {
    }

    /** Follows the link and completes every page Keycloak asks for. */
    Outcome completeActions(String link, String newPassword) throws Exception {
        String totpSecret = null;
        HttpResponse<String> page = get(link);
        for (int step = 0; step < MAX_PAGES; step++) {
            String html = page.body();
            Files.writeString(pages.resolve(step + ".html"), html);
            Matcher form = FORM.matcher(html);
            Matcher proceed = PROCEED.matcher(html);
            if (form.find()) {
                Map<String, String> fields = hiddenFields(form.group(2));
                if (form.group(2).contains("password-new")) {
                    fields.put("password-new", newPassword);
                    fields.put("password-confirm", newPassword);
                } else if (fields.containsKey("totpSecret")) {
                    totpSecret = fields.get("totpSecret");
                    fields.put("totp", Totp.codeAt(Totp.keyOf(totpSecret), Instant.now()));
                    fields.put("userLabel", "Test authenticator");
                } else {
                    return new Outcome(html, totpSecret);
                }
                page = post(unescape(form.group(1)), fields);
            } else if (proceed.find()) {
                page = get(unescape(proceed.group(1)));
            } else {
                return new Outcome(html, totpSecret);
            }
        }
        throw new AssertionError("Keycloak's pages did not end after " + MAX_PAGES + " steps; see " + pages);
    }

    private static Map<String, String> hiddenFields(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(input.group(1));
            while (attribute.find()) {
                attributes.put(attribute.group(1), unescape(attribute.group(2)));
            }
            if ("hidden".equals(attributes.get("type")) && attributes.containsKey("name")) {
                fields.put(attributes.get("name"), attributes.getOrDefault("value", ""));
            }
        }
        return fields;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Keeps every cookie Keycloak sets and sends them all back. Java's CookieManager withholds cookies marked
     * {@code Secure} over plain http, which browsers send to localhost — and the test Keycloak is on http://localhost.
     */
    private static final class CookieJar extends CookieHandler {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).collect(Collectors.joining("; "))));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int equals = pair.indexOf('=');
                        if (equals > 0 && value.contains("Max-Age=0")) {
                            cookies.remove(pair.substring(0, equals).trim());
                        } else if (equals > 0) {
                            cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                        }
                    }
                }
            });
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#61;", "=").replace("&quot;", "\"").replace("&#x2F;", "/");
    }
}
