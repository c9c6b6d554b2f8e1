package org.custos.fhir.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.audit.Audited;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantScoped;

/**
 * The export jobs and files of the caller's tenant. Every method that reads a job first checks that the caller is
 * the client that started it. Each call is its own transaction, so a running export commits file by file and a
 * cancel is seen at once.
 */
@Stateless
@TenantScoped
@RolesAllowed(Roles.EHR_CLIENT)
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ExportJobs {

    @PersistenceContext(unitName = "custos")
    EntityManager em;

    @Inject
    CurrentCaller caller;

    /** Records a new job for the caller; committed when this returns, so the background run can find it. */
    public String create(ExportRequest request, String requestUrl) {
        String jobId = UUID.randomUUID().toString();
        em.persist(new ExportJob(jobId, caller.get().subject(), request, requestUrl,
                Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return jobId;
    }

    public ExportRequest start(String jobId) {
        ExportJob job = callersJob(jobId);
        job.moveTo(ExportJob.Status.RUNNING, null);
        return job.request();
    }

    public void addFile(String jobId, String type, int index, int count, String ndjson) {
        em.persist(new ExportFile(callersJob(jobId).primaryKey(), type, index, count, ndjson,
                TenantColumn.currentTenant(em)));
    }

    /** Complete, or failed with a caller-safe reason. A cancelled (deleted) job stays gone. */
    public void finish(String jobId, ExportJob.Status outcome, String reason) {
        find(jobId).filter(job -> job.isRequestedBy(caller.get().subject())).ifPresent(job -> job.moveTo(outcome, reason));
    }

    public boolean isGone(String jobId) {
        return find(jobId).isEmpty();
    }

    public ExportStatus status(String jobId) {
        ExportJob job = callersJob(jobId);
        List<ExportStatus.OutputFile> files = job.status() != ExportJob.Status.COMPLETE ? List.of()
                : em.createQuery("SELECT f FROM ExportFile f WHERE f.jobPk = :job ORDER BY f.resourceType, f.fileIndex",
                        ExportFile.class).setParameter("job", job.primaryKey()).getResultList().stream()
                .map(file -> new ExportStatus.OutputFile(file.resourceType(), file.fileIndex(), file.resourceCount()))
                .toList();
        return new ExportStatus(job.status(), job.transactionTime(), job.requestUrl(), files, job.message());
    }

    /**
     * One output file's NDJSON: a disclosure of everything in it, recorded per file (the job, not each patient in
     * it: the kick-off's record says whose data the job covers).
     */
    @Audited(value = "export-download", target = "ExportJob")
    public String file(String jobId, String type, int index) {
        ExportJob job = callersJob(jobId);
        return em.createQuery("SELECT f FROM ExportFile f WHERE f.jobPk = :job AND f.resourceType = :type"
                        + " AND f.fileIndex = :index", ExportFile.class)
                .setParameter("job", job.primaryKey()).setParameter("type", type).setParameter("index", index)
                .getResultStream().findFirst().orElseThrow(ExportJobNotFound::new)
                .content(TenantColumn.currentTenant(em));
    }

    /** Cancels a running job or deletes a finished one, with its files. */
    @Audited(value = "export-delete", target = "ExportJob", success = 202)
    public void delete(String jobId) {
        ExportJob job = callersJob(jobId);
        em.createQuery("DELETE FROM ExportFile f WHERE f.jobPk = :job").setParameter("job", job.primaryKey())
                .executeUpdate();
        em.remove(job);
    }

    private ExportJob callersJob(String jobId) {
        return find(jobId).filter(job -> job.isRequestedBy(caller.get().subject())).orElseThrow(ExportJobNotFound::new);
    }

    private java.util.Optional<ExportJob> find(String jobId) {
        return em.createQuery("SELECT j FROM ExportJob j WHERE j.jobId = :id", ExportJob.class)
                .setParameter("id", jobId).getResultStream().findFirst();
    }
}
