package org.custos.fhir.export;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import ca.uhn.fhir.parser.IParser;
import org.custos.errors.Failure;
import org.custos.fhir.search.ExportStatement;
import org.custos.fhir.store.ExportPage;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.identity.Roles;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;

/**
 * Runs an export job in the background. The container runs it with the identity of the client that started it, so
 * the store applies that client's tenant and roles exactly as to its own requests. Reads a page per transaction and
 * commits one NDJSON file per {@link #FILE_SIZE} resources of a type; stops when the job is cancelled.
 */
@Stateless
@RolesAllowed(Roles.EHR_CLIENT)
public class ExportRunner {

    static final int FILE_SIZE = 10_000;
    private static final int PAGE_SIZE = 500;
    private static final Logger LOG = Logger.getLogger(ExportRunner.class.getName());

    @Inject
    ExportJobs jobs;

    @Inject
    FhirResourceStore store;

    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void run(String jobId) {
        try {
            ExportRequest request = jobs.start(jobId);
            ExportStatement.Scope scope = scope(request);
            List<String> types = request.types().isEmpty()
                    ? FhirContexts.r4().getResourceTypes().stream().sorted().toList() : request.types();
            for (String type : types) {
                if (jobs.isGone(jobId)) {
                    return;
                }
                exportType(jobId, type, scope, request.since());
            }
            jobs.finish(jobId, ExportJob.Status.COMPLETE, null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Export job {0} failed: {1}", new Object[] {jobId, Failure.typeChain(e)});
            jobs.finish(jobId, ExportJob.Status.FAILED, "The export failed; start a new one");
        }
    }

    private void exportType(String jobId, String type, ExportStatement.Scope scope, Optional<Instant> since) {
        IParser json = FhirContexts.r4().newJsonParser().setPrettyPrint(false);
        long after = 0;
        boolean exhausted = false;
        for (int index = 0; !exhausted; index++) {
            StringBuilder ndjson = new StringBuilder();
            int count = 0;
            while (count < FILE_SIZE && !exhausted) {
                ExportPage page = store.exportPage(type, scope, since, after, PAGE_SIZE);
                page.resources().forEach(resource -> ndjson.append(json.encodeResourceToString(resource)).append('\n'));
                count += page.resources().size();
                after = page.lastKey();
                exhausted = page.read() < PAGE_SIZE;
            }
            if (count > 0) {
                jobs.addFile(jobId, type, index, count, ndjson.toString());
            }
        }
    }

    /** System: everything; Patient: every patient's compartment; Group: the compartments of its members. */
    private ExportStatement.Scope scope(ExportRequest request) {
        return switch (request.level()) {
            case SYSTEM -> ExportStatement.Scope.system();
            case PATIENT -> ExportStatement.Scope.allPatients();
            case GROUP -> {
                Group group = (Group) store.read("Group", request.groupId().orElseThrow());
                yield ExportStatement.Scope.patients(group.getMember().stream()
                        .map(Group.GroupMemberComponent::getEntity)
                        .map(Reference::getReferenceElement)
                        .filter(id -> "Patient".equals(id.getResourceType()))
                        .map(id -> id.getIdPart())
                        .toList());
            }
        };
    }
}
