package org.custos.fhir.provider;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.custos.audit.AuditSearch;
import org.custos.audit.DisclosureReport;
import org.custos.fhir.export.BulkExport;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.FhirResourceStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/** The Patient type's interactions, {@code Patient/{id}/$everything} and {@code Patient/{id}/$disclosures}. */
public class PatientProvider extends ResourceTypeProvider {

    /** The period an accounting of disclosures covers when none is asked for (HIPAA §164.528: six years). */
    private static final Period DISCLOSURE_PERIOD = Period.ofYears(6);

    private final BulkExport export;
    private final AuditSearch trail;

    PatientProvider(FhirResourceStore store, BulkExport export, AuditSearch trail) {
        super(Patient.class, "Patient", store);
        this.export = export;
        this.trail = trail;
    }

    /**
     * The accounting of disclosures of this patient's record: every access that returned or changed their data
     * between {@code start} and {@code end} (default: the last six years), as AuditEvents, newest first. For the
     * tenant's auditors and privacy officers, and for the patient themselves.
     */
    @Operation(name = "$disclosures", idempotent = true)
    public Bundle disclosures(@IdParam IdType id, @OperationParam(name = "start") DateTimeType start,
                              @OperationParam(name = "end") DateTimeType end) {
        Instant to = end == null ? Instant.now() : end.getValue().toInstant();
        Instant from = start == null ? to.atZone(ZoneOffset.UTC).minus(DISCLOSURE_PERIOD).toInstant()
                : start.getValue().toInstant();
        DisclosureReport report = trail.disclosures(id.getIdPart(), from, to);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(new Date());
        report.accesses().forEach(access -> bundle.addEntry().setResource(BasicAuditEvents.of(access))
                .setFullUrl("AuditEvent/" + access.id()));
        if (report.truncated()) {
            bundle.getMeta().addTag("urn:custos:report", "truncated", "More accesses than one report holds:"
                    + " narrow start and end");
        }
        return bundle;
    }

    /** Bulk Data kick-off for the compartments of all patients. */
    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void export(@OperationParam(name = "_type") String types, @OperationParam(name = "_since") InstantType since,
                       @OperationParam(name = "_outputFormat") String outputFormat, RequestDetails request,
                       HttpServletResponse response) {
        ExportKickOff.start(export, ExportJob.Level.PATIENT, Optional.empty(), types, since, outputFormat, request,
                response);
    }

    /**
     * The patient and every resource that refers to it, paged like a search ({@code _count}, and {@code _offset} in
     * the next links); {@code _since} and {@code _type} narrow it.
     */
    @Operation(name = "$everything", idempotent = true)
    public IBundleProvider everything(@IdParam IdType id,
                                      @OperationParam(name = "_since") InstantType since,
                                      @OperationParam(name = "_type") List<StringType> types,
                                      RequestDetails request) {
        int offset = SearchRequests.intParameter(request, "_offset", 0);
        int count = SearchRequests.intParameter(request, "_count", SearchQuery.DEFAULT_COUNT);
        List<String> typeNames = types == null ? List.of() : types.stream()
                .flatMap(type -> Arrays.stream(type.getValue().split(","))).map(String::trim).toList();
        SearchQuery page = new SearchQuery("Patient", List.of(), List.of(), offset, count, List.of(), true);
        return new SearchPage(page, store().everything(id.getIdPart(),
                Optional.ofNullable(since).map(instant -> instant.getValue().toInstant()), typeNames, page.offset(),
                page.count()));
    }
}
