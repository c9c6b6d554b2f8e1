package org.custos.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem: the admin API's one error format. Carries the request id so support can find the log line;
 * never a stack trace, never PHI.
 *
 * @param status    HTTP status
 * @param title     short summary of the problem type
 * @param detail    what went wrong in this request
 * @param instance  request path (no query string: query values may hold PHI)
 * @param requestId the request id also sent as {@code X-Request-Id}
 */
public record Problem(int status, String title, String detail, String instance, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem titled with the status's standard reason phrase. */
    public static Problem of(int status, String detail, String instance, String requestId) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return new Problem(status, known == null ? "Error" : known.getReasonPhrase(), detail, instance, requestId);
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .add("instance", instance)
                .add("requestId", requestId)
                .build();
    }
}
