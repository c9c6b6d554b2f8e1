package org.custos.fhir.provider;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.custos.fhir.export.BulkExport;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.store.FhirResourceStore;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;

/** The Group type's interactions, and {@code Group/{id}/$export} for the compartments of its member patients. */
public class GroupProvider extends ResourceTypeProvider {

    private final BulkExport export;

    GroupProvider(FhirResourceStore store, BulkExport export) {
        super(Group.class, "Group", store);
        this.export = export;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void export(@IdParam IdType id, @OperationParam(name = "_type") String types,
                       @OperationParam(name = "_since") InstantType since,
                       @OperationParam(name = "_outputFormat") String outputFormat, RequestDetails request,
                       HttpServletResponse response) {
        ExportKickOff.start(export, ExportJob.Level.GROUP, Optional.of(id.getIdPart()), types, since, outputFormat,
                request, response);
    }
}
