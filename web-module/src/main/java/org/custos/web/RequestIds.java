package org.custos.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.custos.audit.RequestOrigin;

/** One request id per request: the caller's {@code X-Request-Id} when it is a safe token, else a random one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    /** Only ids that cannot inject anything into logs or headers are honoured. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String offered = request.getHeader(HEADER);
        String id = offered != null && SAFE.matcher(offered).matches() ? offered : generate();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    /**
     * Tells the audit trail where the request came from, once: by the request-id filter, or — for a request the
     * container refused before any filter ran (a missing or bad token) — by the error page.
     */
    static void describe(HttpServletRequest request, String path, RequestOrigin origin) {
        if (origin.requestId() == null) {
            // The path only: a query string may carry search values (PHI).
            origin.set(of(request), request.getRemoteAddr(), request.getHeader("User-Agent"), request.getMethod(),
                    path);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
