package org.custos.audit;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request came from, as the web layer saw it (set once per request by its request-id filter): for
 * the audit record. Empty in background work (an export job), which is recorded as such.
 */
@RequestScoped
public class RequestOrigin {

    private String requestId;
    private String sourceIp;
    private String userAgent;
    private String method;
    private String path;
    private boolean refusalRecorded;
    private String purposeOfUse;
    private final Set<String> brokenGlass = new TreeSet<>();

    /** @param path the request path without its query string: query values may be PHI */
    public void set(String requestId, String sourceIp, String userAgent, String method, String path) {
        this.requestId = requestId;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length()));
        this.method = method;
        this.path = path == null ? null : path.substring(0, Math.min(300, path.length()));
    }

    public String requestId() {
        return requestId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String userAgent() {
        return userAgent;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** @param purpose the HL7 v3 ActReason code the request is for, checked against the caller's roles */
    public void declarePurpose(String purpose) {
        this.purposeOfUse = purpose;
    }

    public String purposeOfUse() {
        return purposeOfUse;
    }

    /**
     * Notes that consent let the caller see a patient's data only because of their break-the-glass grant: the
     * audit record of the call says so.
     */
    public void noteBrokenGlass(String grantId) {
        brokenGlass.add(grantId);
    }

    /** The note for the audit record of the call that ends now, if consent was overridden in it; then cleared. */
    Optional<String> takeBreakGlassNote() {
        if (brokenGlass.isEmpty()) {
            return Optional.empty();
        }
        String note = "break-the-glass: grant " + String.join(", ", brokenGlass);
        brokenGlass.clear();
        return Optional.of(note);
    }

    /**
     * Whether this is the first refusal of the request to be recorded (and now it is): an error mapper may be
     * called more than once for one refusal (JAX-RS maps an EJB's access exception and its unwrapped form), the
     * request is still one record.
     */
    boolean firstRefusal() {
        boolean first = !refusalRecorded;
        refusalRecorded = true;
        return first;
    }
}
