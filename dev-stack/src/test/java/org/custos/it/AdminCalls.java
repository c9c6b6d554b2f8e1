package org.custos.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls of the admin API ({@code /api/admin}) with JSON bodies and a bearer token. */
final class AdminCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AdminCalls() {
    }

    /** @param body JSON, or null for none */
    static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        return callWithHeaders(method, path, body, token);
    }

    /** The same with extra headers given as name, value, name, value... */
    static HttpResponse<String> callWithHeaders(String method, String path, String body, String token,
                                               String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + "/api/admin"
                + path)).header("Authorization", "Bearer " + token);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
