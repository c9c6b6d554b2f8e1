package org.custos.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
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
import org.custos.tenancy.RowSecurity;

/**
 * Runs a re-encryption job batch after batch, each batch in its own database transaction together with the job's
 * cursor, until it is done, paused or stopped; when the resource versions are done, the other sealed columns
 * ({@link SealedColumns}) are sealed again too. At startup it resumes a job that was running when the server went
 * down (even by {@code kill -9}): it continues after the last committed batch.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReencryptionRunner {

    private static final Logger LOG = Logger.getLogger(ReencryptionRunner.class.getName());
    /**
     * Deadlock and serialization failure: a batch locks its rows in key order, a transaction bundle in entry order,
     * so PostgreSQL may end the batch to let the bundle go on; it then runs again from the same cursor.
     */
    private static final Set<String> LOST_TO_A_CONCURRENT_WRITE = Set.of("40P01", "40001");
    private static final int MAX_RETRIES = 5;

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
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
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
        int retries = 0;
        try {
            while (true) {
                try {
                    if (!batch(jobId)) {
                        return;
                    }
                    retries = 0;
                } catch (SQLException e) {
                    if (!LOST_TO_A_CONCURRENT_WRITE.contains(e.getSQLState()) || ++retries > MAX_RETRIES) {
                        throw e;
                    }
                    LOG.info(() -> "Re-encryption job " + jobId + ": a batch met a concurrent write (SQLState "
                            + e.getSQLState() + "); trying it again");
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Re-encryption job " + jobId + " stopped by an error; start it again to resume ("
                    + e.getClass().getName() + ")");
        }
    }

    /** @return whether to go on */
    private boolean batch(long jobId) throws SQLException {
        return RowSecurity.acrossTenants(dataSource, db -> {
            Optional<JobTable.Job> job = JobTable.byId(db, jobId, true);
            if (job.isEmpty() || !"RUNNING".equals(job.get().status().state())) {
                return false;
            }
            long started = System.nanoTime();
            Optional<VersionResealing.Outcome> outcome = new VersionResealing(cipher, indexer, blinding)
                    .next(db, jobId, job.get().cursorPk(), job.get().lastPk());
            if (outcome.isEmpty()) {
                // The versions are done: then the few other sealed values, in this last transaction of the job.
                SealedColumns.Outcome others = SealedColumns.resealAll(db, cipher, jobId);
                JobTable.advance(db, jobId, new VersionResealing.Outcome(job.get().cursorPk(), 0, others.resealed(), 0,
                        others.failed()), (System.nanoTime() - started) / 1_000_000);
                JobTable.setState(db, jobId, "DONE");
                LOG.info(() -> "Re-encryption job " + jobId + " done");
                return false;
            }
            JobTable.advance(db, jobId, outcome.get(), (System.nanoTime() - started) / 1_000_000);
            return true;
        });
    }
}
