package org.custos.web;

import jakarta.json.Json;
import jakarta.json.JsonObject;

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
