package org.custos.admin;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.rotation.KeyInventory;
import org.custos.rotation.ReencryptionJobs;
import org.custos.rotation.ReencryptionStatus;

/**
 * {@code /api/admin/crypto}: the keys and their ages, key reload, and the re-encryption job (start or resume, status, pause, stop). Thin over
 * {@link ReencryptionJobs}, which decides who may.
 */
@Path("crypto")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class CryptoResource {

    @Inject
    ReencryptionJobs jobs;

    /** A job as JSON, with its progress in percent and its rate. */
    public record Status(long id, String state, String startedBy, Instant startedAt, Instant updatedAt, long rowsTotal,
                         long rowsDone, long rowsResealed, long rowsReindexed, long rowsFailed, double percentDone,
                         double rowsPerSecond) {
        static Status of(ReencryptionStatus status) {
            return new Status(status.id(), status.state(), status.startedBy(), status.startedAt(), status.updatedAt(),
                    status.rowsTotal(), status.rowsDone(), status.rowsResealed(), status.rowsReindexed(),
                    status.rowsFailed(),
                    status.percentDone(), status.rowsPerSecond());
        }
    }

    /**
     * Every key (id, keyset, status, primary, first seen, age, rotation due, rows under it), also keys rows still
     * name but the keysets lack: never key material.
     */
    @GET
    @Path("keys")
    public KeyInventory keys() {
        return jobs.keys();
    }

    /** Reads the keysets again; answers the keys as they are now. */
    @POST
    @Path("keys/reload")
    public KeyInventory reloadKeys() {
        return jobs.reloadKeys();
    }

    @POST
    @Path("reencryption")
    public Response start() throws SQLException {
        return Response.accepted(Status.of(jobs.start())).build();
    }

    @GET
    @Path("reencryption")
    public Status status() throws SQLException {
        return jobs.status().map(Status::of).orElseThrow(() -> new NotFoundException("No re-encryption job yet"));
    }

    @POST
    @Path("reencryption/pause")
    public Status pause() throws SQLException {
        return jobs.pause().map(Status::of).orElseThrow(() -> new NotFoundException("No re-encryption job yet"));
    }

    @POST
    @Path("reencryption/stop")
    public Status stop() throws SQLException {
        return jobs.stop().map(Status::of).orElseThrow(() -> new NotFoundException("No re-encryption job yet"));
    }
}
