package org.custos.fhir.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.custos.fhir.export.BulkExport;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.FhirResourceStore;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/** The Patient type's interactions, and {@code Patient/{id}/$everything}. */
public class PatientProvider extends ResourceTypeProvider {

    private final BulkExport export;

    PatientProvider(FhirResourceStore store, BulkExport export) {
        super(Patient.class, "Patient", store);
        this.export = export;
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
