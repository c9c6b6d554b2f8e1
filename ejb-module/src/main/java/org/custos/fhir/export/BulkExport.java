package org.custos.fhir.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.access.Permission;
import org.custos.audit.Audited;
import org.custos.access.Requires;
import org.custos.access.Requires.InPatientContext;
import org.custos.access.ScopeChecked;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.identity.Roles;

/** Starts {@code $export} jobs: records the job (committed), then runs it in the background. */
@Stateless
@RolesAllowed(Roles.EHR_CLIENT)
@ScopeChecked
public class BulkExport {

    @Inject
    ExportJobs jobs;

    @Inject
    ExportRunner runner;

    @Inject
    FhirResourceStore store;

    /**
     * @return the job id, for the status URL
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    @Requires(value = Permission.SEARCH, inPatientContext = InPatientContext.REFUSED)
    @Audited(value = "export", success = 202)
    public String kickOff(ExportRequest request, String requestUrl) {
        request.groupId().ifPresent(groupId -> store.read("Group", groupId));
        String jobId = jobs.create(request, requestUrl);
        runner.run(jobId);
        return jobId;
    }
}
