package org.custos.alerts;

/**
 * An alert a rule wants raised. {@code dedupeKey} names the occurrence (rule, tenant, person or source, window):
 * raising the same occurrence again does nothing.
 */
record RaisedAlert(String tenant, String rule, String actorSubject, String actorUsername, String sourceIp,
                   String detail, String dedupeKey) {

    static RaisedAlert of(String tenant, String rule, String who, String actorSubject, String actorUsername,
                          String sourceIp, String detail, Object occurrence) {
        return new RaisedAlert(tenant, rule, actorSubject, actorUsername, sourceIp, detail,
                (tenant == null ? "" : tenant) + "|" + rule + "|" + who + "|" + occurrence);
    }
}
