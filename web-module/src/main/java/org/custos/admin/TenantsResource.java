package org.custos.admin;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.tenants.Tenant;
import org.custos.tenants.TenantForm;
import org.custos.tenants.Tenants;

/**
 * {@code /api/admin/tenants}: platform administrators create tenants (with their Keycloak group) and list them; a
 * tenant's administrator reads and configures their own. Thin over {@link Tenants}.
 */
@Path("tenants")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {

    @Inject
    Tenants tenants;

    @GET
    public List<Tenant> list() {
        return tenants.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TenantForm form) {
        Tenant created = tenants.create(form);
        return Response.created(URI.create("tenants/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Tenant get(@PathParam("id") String id) {
        return tenants.get(id);
    }

    /** Name, consent default, audit retention and request rate. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Tenant configure(@PathParam("id") String id, TenantForm form) {
        return tenants.configure(id, form);
    }
}
