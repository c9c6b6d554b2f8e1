package org.custos.fhir.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.fhir.export.BulkExport;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.export.ExportRequest;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.r4.model.InstantType;

/**
 * The Bulk Data kick-off request, at any level: checks what the IG requires ({@code Prefer: respond-async}, an
 * NDJSON output format, known types), starts the job and answers 202 with the status URL in
 * {@code Content-Location}.
 */
final class ExportKickOff {

    private static final Set<String> NDJSON = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");

    private ExportKickOff() {
    }

    static void start(BulkExport export, ExportJob.Level level, Optional<String> groupId, String types,
                      InstantType since, String outputFormat, RequestDetails request, HttpServletResponse response) {
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        if (prefer == null || !prefer.contains("respond-async")) {
            throw new InvalidRequestException("$export needs the header Prefer: respond-async");
        }
        if (outputFormat != null && !NDJSON.contains(outputFormat)) {
            throw new InvalidRequestException("_outputFormat must be application/fhir+ndjson");
        }
        List<String> typeNames = types == null ? List.of()
                : Arrays.stream(types.split(",")).map(String::trim).filter(type -> !type.isEmpty()).toList();
        for (String type : typeNames) {
            if (!FhirContexts.r4().getResourceTypes().contains(type)) {
                throw new InvalidRequestException("_type names an unknown resource type");
            }
        }
        String jobId = export.kickOff(new ExportRequest(level, groupId, typeNames,
                Optional.ofNullable(since).map(instant -> instant.getValue().toInstant())), request.getCompleteUrl());
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setHeader(Constants.HEADER_CONTENT_LOCATION, request.getFhirServerBase() + "/$export-status/" + jobId);
    }
}
