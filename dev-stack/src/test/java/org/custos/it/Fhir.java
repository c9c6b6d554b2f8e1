package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;

/** FHIR access for the tests: HAPI's generic client as EHRs use it, and raw HTTP where headers matter. */
public final class Fhir {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();
    /** HTTP/1.1 as EHR integration engines speak it (the JDK client would otherwise try an h2c upgrade). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    private Fhir() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    public static IGenericClient clientWithToken(String accessToken) {
        IGenericClient client = CONTEXT.newRestfulGenericClient(RunningStack.fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        return client;
    }

    /** How many resources of ehr-system's tenant match a search such as {@code Patient?family=x}. */
    public static int total(String searchUrl) {
        return clientWithToken(Tokens.client("ehr-system")).search().byUrl(searchUrl)
                .returnBundle(Bundle.class).execute().getTotal();
    }

    /** GET with an optional bearer token, for status and header checks. */
    public static HttpResponse<String> get(String pathAndQuery, String accessToken) {
        return getWithHeaders(pathAndQuery, accessToken);
    }

    /** GET with extra headers given as name, value, name, value... */
    public static HttpResponse<String> getWithHeaders(String pathAndQuery, String accessToken, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + pathAndQuery));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    /**
     * POST of a raw body (possibly malformed) with a bearer token. {@code Expect: 100-continue}, as clients send large
     * uploads: a refused body is answered before it is sent.
     */
    public static HttpResponse<String> post(String path, String body, String accessToken) {
        return post(path, body, "application/fhir+json", accessToken);
    }

    /** POST of a raw body in the given FHIR format ({@code application/fhir+json} or {@code +xml}). */
    public static HttpResponse<String> post(String path, String body, String contentType, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + path))
                .expectContinue(true)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** POST with an {@code If-None-Exist} condition (conditional create). */
    public static HttpResponse<String> postConditional(String path, String json, String ifNoneExist, String accessToken) {
        return postWithHeaders(path, json, accessToken, "If-None-Exist", ifNoneExist);
    }

    /** POST of FHIR JSON with extra headers given as name, value, name, value... */
    public static HttpResponse<String> postWithHeaders(String path, String json, String accessToken, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + path))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/fhir+json")
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** PUT of FHIR JSON (update, or create under the caller's id). */
    public static HttpResponse<String> put(String path, String json, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + path))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** DELETE of a URL (absolute, as servers hand them out) with a bearer token. */
    public static HttpResponse<String> deleteUrl(String url, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + accessToken)
                .DELETE().build());
    }

    /** GET of a URL (absolute, as servers hand them out) with a bearer token. */
    public static HttpResponse<String> getUrl(String url, String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + accessToken)
                .GET().build());
    }

    /** {@code Type/id} of each entry of a 200 search or {@code $everything} answer, in order. */
    public static List<String> entryIds(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(response.body()).path("entry")) {
            JsonNode resource = entry.path("resource");
            ids.add(resource.path("resourceType").asText() + "/" + resource.path("id").asText());
        }
        return ids;
    }

    /** The id of the resource a 201 answer created. */
    public static String createdId(HttpResponse<String> response) throws IOException {
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("id").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Application not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
