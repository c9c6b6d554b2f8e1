package org.custos.admin;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.custos.consent.ConsentDirectory;
import org.custos.consent.ConsentSummary;

/** {@code /api/admin/consents}: a patient's consents with status and expiry, and revocation. Thin over {@link ConsentDirectory}. */
@Path("consents")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ConsentsResource {

    @Inject
    ConsentDirectory consents;

    @GET
    public List<ConsentSummary> ofPatient(@QueryParam("patient") String patientId) {
        return consents.ofPatient(patientId);
    }

    /** Makes the consent inactive (a new version); revoking a revoked consent changes nothing. */
    @POST
    @Path("{id}/revoke")
    public ConsentSummary revoke(@PathParam("id") String id) {
        return consents.revoke(id);
    }
}
