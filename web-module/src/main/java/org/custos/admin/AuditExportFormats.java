package org.custos.admin;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.custos.audit.AuditEntry;

/** Audit records as CSV (one header line, RFC 4180 quoting) or NDJSON (one JSON object per line). */
final class AuditExportFormats {

    private static final String HEADER = "id,recordedAt,tenant,actorSubject,actorUsername,actorClient,actorRoles,action,"
            + "resourceType,resourceId,resourceVersion,patientIds,outcome,reason,purposeOfUse,sourceIp,userAgent,"
            + "requestId,requestMethod,requestPath,chainSeq";
    private static final Jsonb JSON = JsonbBuilder.create();

    private AuditExportFormats() {
    }

    static String csv(List<AuditEntry> entries) {
        return Stream.concat(Stream.of(HEADER), entries.stream().map(AuditExportFormats::row))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    static String ndjson(List<AuditEntry> entries) {
        return entries.stream().map(JSON::toJson).collect(Collectors.joining("\n", "", entries.isEmpty() ? "" : "\n"));
    }

    private static String row(AuditEntry e) {
        return Stream.of(e.id(), e.recordedAt(), e.tenant(), e.actorSubject(), e.actorUsername(), e.actorClient(),
                        e.actorRoles(), e.action(), e.resourceType(), e.resourceId(), e.resourceVersion(),
                        String.join(" ", e.patientIds()), e.outcome(), e.reason(), e.purposeOfUse(), e.sourceIp(),
                        e.userAgent(), e.requestId(), e.requestMethod(), e.requestPath(), e.chainSeq())
                .map(value -> value == null ? "" : cell(value.toString())).collect(Collectors.joining(","));
    }

    /**
     * Quoted when needed; a value a spreadsheet would take for a formula (=, +, -, @) is prefixed with an
     * apostrophe, so opening an export never runs anything.
     */
    private static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
