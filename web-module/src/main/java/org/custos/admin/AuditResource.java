package org.custos.admin;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.custos.audit.AuditChains;
import org.custos.audit.ChainVerification;

/** {@code /api/admin/audit}: the audit trail's own checks. Thin over {@link AuditChains}. */
@Path("audit")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditChains chains;

    /** Walks the tenant's hash chain ({@code tenant}: platform administrators only; default the caller's own). */
    @GET
    @Path("verify")
    public ChainVerification verify(@QueryParam("tenant") String tenant) {
        return chains.verify(tenant);
    }
}
