package org.custos.admin;

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

import org.custos.alerts.Alert;
import org.custos.alerts.Alerts;

/**
 * {@code /api/admin/alerts}: the alerts the anomaly rules raised, newest first, and their acknowledgement. Thin over
 * {@link Alerts}.
 */
@Path("alerts")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    @Inject
    Alerts alerts;

    /** Open alerts ({@code state=all}: acknowledged ones too), a page of at most 200. */
    @GET
    public List<Alert> list(@QueryParam("tenant") String tenant, @QueryParam("state") @DefaultValue("open") String state,
                            @QueryParam("first") @DefaultValue("0") int first,
                            @QueryParam("max") @DefaultValue("50") int max) {
        return alerts.list(tenant, "all".equals(state), first, max);
    }

    /** Acknowledges an open alert; the comment (what was found, what was done) is required. */
    @POST
    @Path("{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Alert acknowledge(@PathParam("id") String id, @QueryParam("tenant") String tenant,
                             Acknowledgement acknowledgement) {
        return alerts.acknowledge(tenant, id, acknowledgement == null ? null : acknowledgement.comment());
    }

    /** The body of an acknowledgement. */
    public record Acknowledgement(String comment) {
    }
}
