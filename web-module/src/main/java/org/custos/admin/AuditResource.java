package org.custos.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.audit.AuditChains;
import org.custos.audit.AuditEntry;
import org.custos.audit.AuditQuery;
import org.custos.audit.AuditSearch;
import org.custos.audit.ChainVerification;
import org.custos.audit.DisclosureReport;
import org.custos.audit.PurgeResult;
import org.custos.errors.RequestRefused;

/**
 * {@code /api/admin/audit}: searching the audit trail and verifying its chain. Thin over {@link AuditSearch} and
 * {@link AuditChains}.
 */
@Path("audit")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditChains chains;

    @Inject
    AuditSearch search;

    /**
     * The trail's records, newest first, filtered by patient id, username, client id, action, outcome (HTTP status)
     * and time ({@code from} inclusive, {@code to} exclusive, ISO-8601 instants); a page of at most 200.
     */
    @GET
    @Path("events")
    public List<AuditEntry> events(@QueryParam("tenant") String tenant, @QueryParam("patient") String patient,
                                   @QueryParam("user") String user, @QueryParam("client") String client,
                                   @QueryParam("action") String action, @QueryParam("outcome") Integer outcome,
                                   @QueryParam("from") String from, @QueryParam("to") String to,
                                   @QueryParam("first") @DefaultValue("0") int first,
                                   @QueryParam("max") @DefaultValue("50") int max) {
        return search.search(tenant, query(patient, user, client, action, outcome, from, to, first, max));
    }

    /**
     * The same records as a file, {@code format=csv} or {@code ndjson}, up to 10,000, newest first; the export is
     * itself recorded.
     */
    @GET
    @Path("export")
    @Produces({"text/csv", "application/x-ndjson"})
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
                           @QueryParam("tenant") String tenant, @QueryParam("patient") String patient,
                           @QueryParam("user") String user, @QueryParam("client") String client,
                           @QueryParam("action") String action, @QueryParam("outcome") Integer outcome,
                           @QueryParam("from") String from, @QueryParam("to") String to) {
        if (!"csv".equals(format) && !"ndjson".equals(format)) {
            throw new RequestRefused(400, "format is csv or ndjson");
        }
        List<AuditEntry> entries = search.export(tenant, query(patient, user, client, action, outcome, from, to, 0,
                AuditQuery.MAX_PAGE));
        boolean csv = "csv".equals(format);
        return Response.ok(csv ? AuditExportFormats.csv(entries) : AuditExportFormats.ndjson(entries),
                        csv ? "text/csv; charset=UTF-8" : "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"audit." + format + "\"")
                .header("Cache-Control", "no-store").build();
    }

    private static AuditQuery query(String patient, String user, String client, String action, Integer outcome,
                                    String from, String to, int first, int max) {
        AuditQuery query = AuditQuery.of(Optional.ofNullable(patient), Optional.ofNullable(user),
                Optional.ofNullable(client), Optional.ofNullable(action), instant(from), instant(to), first,
                Math.min(max, AuditQuery.MAX_PAGE));
        return outcome == null ? query : query.withOutcome(outcome);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.ofNullable(text).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new RequestRefused(400, "from and to are ISO-8601 instants, e.g. 2026-11-25T00:00:00Z");
        }
    }

    /**
     * The accounting of disclosures of one patient (HIPAA §164.528): every access that returned or changed their
     * data between {@code from} (inclusive) and {@code to} (exclusive; default now), newest first.
     */
    @GET
    @Path("disclosures")
    public DisclosureReport disclosures(@QueryParam("patient") String patient, @QueryParam("from") String from,
                                        @QueryParam("to") String to) {
        if (patient == null || from == null) {
            throw new RequestRefused(400, "patient and from are required");
        }
        return search.disclosures(patient, instant(from).orElseThrow(), instant(to).orElseGet(Instant::now));
    }

    /** The retention purge of a tenant's chain, now (platform administrator; it also runs every night). */
    @POST
    @Path("purge")
    public PurgeResult purge(@QueryParam("tenant") String tenant) {
        return chains.purge(tenant);
    }

    /** Walks the tenant's hash chain ({@code tenant}: platform administrators only; default the caller's own). */
    @GET
    @Path("verify")
    public ChainVerification verify(@QueryParam("tenant") String tenant) {
        return chains.verify(tenant);
    }
}
