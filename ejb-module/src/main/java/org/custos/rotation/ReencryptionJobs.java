package org.custos.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.audit.Audited;
import org.custos.crypto.CryptoKeys;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;
import org.custos.tenancy.RowSecurity;

/**
 * Starting, watching, pausing, resuming and stopping the re-encryption of stored PHI, and reloading the keys: the
 * platform administrator's, as the keys serve every tenant.
 */
@Stateless
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Audited(target = "CryptoKeys", idArgument = -1)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReencryptionJobs {

    private static final Set<String> UNFINISHED = Set.of("RUNNING", "PAUSED");

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CryptoKeys keys;

    @Inject
    CurrentCaller caller;

    @Inject
    ReencryptionRunner runner;

    @Inject
    KeyAges keyAges;

    /**
     * Reads the keysets again: a new primary key applies to every write from now on.
     *
     * @return the keys now, with the rows under each (rows under a key that is not enabled are also logged)
     */
    public KeyInventory reloadKeys() {
        keys.reload();
        return keyAges.inventory();
    }

    /** Every key with its age and the rows under it; primary keys older than the rotation interval are marked due. */
    public KeyInventory keys() {
        return keyAges.inventory();
    }

    /** Starts a job with the current keys; when one is unfinished, that one is answered (and resumed if paused). */
    public ReencryptionStatus start() throws SQLException {
        reloadKeys();
        long id = RowSecurity.acrossTenants(dataSource, db -> {
            Optional<JobTable.Job> unfinished = JobTable.latest(db, true)
                    .filter(job -> UNFINISHED.contains(job.status().state()));
            long job = unfinished.isPresent() ? unfinished.get().status().id() : JobTable.insert(db, caller.get().username());
            JobTable.setState(db, job, "RUNNING");
            return job;
        });
        runner.run(id);
        return status().orElseThrow();
    }

    public Optional<ReencryptionStatus> status() throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            return JobTable.latest(db, false).map(JobTable.Job::status);
        }
    }

    /** The running job stops after its current batch; {@link #start()} resumes it. */
    public Optional<ReencryptionStatus> pause() throws SQLException {
        return change("RUNNING", "PAUSED");
    }

    /** The job ends where it is; a new start begins a new job. */
    public Optional<ReencryptionStatus> stop() throws SQLException {
        Optional<ReencryptionStatus> paused = change("PAUSED", "STOPPED");
        return paused.isPresent() && "STOPPED".equals(paused.get().state()) ? paused : change("RUNNING", "STOPPED");
    }

    private Optional<ReencryptionStatus> change(String from, String to) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            Optional<JobTable.Job> job = JobTable.latest(db, true).filter(j -> from.equals(j.status().state()));
            if (job.isPresent()) {
                JobTable.setState(db, job.get().status().id(), to);
            }
            db.commit();
        }
        return status();
    }
}
