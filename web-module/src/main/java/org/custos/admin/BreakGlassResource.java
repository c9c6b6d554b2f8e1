package org.custos.admin;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.consent.BreakGlass;
import org.custos.consent.BreakGlassReview;

/**
 * {@code /api/admin/break-glass}: a clinician breaks the glass on one patient's record (declaring
 * {@code X-Purpose-Of-Use: ETREAT}); privacy officers work through the review queue. Thin over {@link BreakGlass}.
 */
@Path("break-glass")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class BreakGlassResource {

    @Inject
    BreakGlass breakGlass;

    /** Grants the caller the patient's record for a bounded time; 201 with the grant and its expiry. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response breakGlass(Request request) {
        BreakGlassReview grant = breakGlass.grant(request == null ? null : request.patient(),
                request == null ? null : request.reason());
        return Response.created(URI.create("break-glass/" + grant.id())).entity(grant).build();
    }

    /** Grants waiting for review, oldest first ({@code state=all}: reviewed ones too), a page of at most 200. */
    @GET
    public List<BreakGlassReview> queue(@QueryParam("state") @DefaultValue("open") String state,
                                        @QueryParam("first") @DefaultValue("0") int first,
                                        @QueryParam("max") @DefaultValue("50") int max) {
        return breakGlass.queue("all".equals(state), first, max);
    }

    /** Acknowledges a grant after review; the comment (what was checked, what was found) is required. */
    @POST
    @Path("{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    public BreakGlassReview acknowledge(@PathParam("id") String id, AlertsResource.Acknowledgement review) {
        return breakGlass.acknowledge(id, review == null ? null : review.comment());
    }

    /** The body of a request to break the glass. */
    public record Request(String patient, String reason) {
    }
}
