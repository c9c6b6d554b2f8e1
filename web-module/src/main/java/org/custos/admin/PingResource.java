package org.custos.admin;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/admin/ping}: the cheapest authenticated request this server answers (same HTTP stack, same bearer
 * token check as every FHIR request, no EJB, no database). The benchmark measures FHIR reads against it.
 */
@Path("ping")
@ApplicationScoped
public class PingResource {

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
        return "pong";
    }
}
