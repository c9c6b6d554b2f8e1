package org.custos.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.crypto.Blinding;
import org.custos.crypto.PhiCipher;
import org.custos.fhir.search.SearchIndexer;

/**
 * Runs a re-encryption job batch after batch, each batch in its own database transaction together with the job's
 * cursor, until it is done, paused or stopped. At startup it resumes a job that was running when the server went
 * down (even by {@code kill -9}): it continues after the last committed batch.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReencryptionRunner {

    private static final Logger LOG = Logger.getLogger(ReencryptionRunner.class.getName());

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Resource
    SessionContext context;

    @Inject
    PhiCipher cipher;

    @Inject
    SearchIndexer indexer;

    @Inject
    Blinding blinding;

    @PostConstruct
    void resumeInterrupted() {
        try (Connection db = dataSource.getConnection()) {
            JobTable.latest(db, false).filter(job -> "RUNNING".equals(job.status().state())).ifPresent(job -> {
                LOG.info(() -> "Resuming re-encryption job " + job.status().id() + " after row " + job.cursorPk());
                context.getBusinessObject(ReencryptionRunner.class).run(job.status().id());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Re-encryption jobs cannot be read", e);
        }
    }

    @Asynchronous
    public void run(long jobId) {
        try {
            while (batch(jobId)) {
                // next batch
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Re-encryption job " + jobId + " stopped by an error; start it again to resume ("
                    + e.getClass().getName() + ")");
        }
    }

    /** @return whether to go on */
    private boolean batch(long jobId) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                Optional<JobTable.Job> job = JobTable.byId(db, jobId, true);
                if (job.isEmpty() || !"RUNNING".equals(job.get().status().state())) {
                    db.commit();
                    return false;
                }
                long started = System.nanoTime();
                Optional<VersionResealing.Outcome> outcome = new VersionResealing(cipher, indexer, blinding)
                        .next(db, jobId, job.get().cursorPk(), job.get().lastPk());
                if (outcome.isEmpty()) {
                    JobTable.setState(db, jobId, "DONE");
                    db.commit();
                    LOG.info(() -> "Re-encryption job " + jobId + " done");
                    return false;
                }
                VersionResealing.Outcome done = outcome.get();
                JobTable.advance(db, jobId, done.lastPk(), done.done(), done.resealed(), done.failed(),
                        (System.nanoTime() - started) / 1_000_000);
                db.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }
}
