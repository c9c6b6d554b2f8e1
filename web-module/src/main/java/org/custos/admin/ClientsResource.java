package org.custos.admin;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.clients.ClientSecret;
import org.custos.clients.EhrClient;
import org.custos.clients.EhrClients;
import org.custos.clients.NewEhrClient;

/**
 * {@code /api/admin/clients}: the EHR systems registered to call the FHIR API for the administrator's tenant. Thin
 * over {@link EhrClients}. Secrets appear only in the answers to registration and rotation.
 */
@Path("clients")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {

    @Inject
    EhrClients clients;

    @GET
    public List<EhrClient> list() {
        return clients.list();
    }

    /** Registers a client with its SMART system scopes; the answer carries its secret, shown this once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(NewEhrClient client) {
        ClientSecret registered = clients.register(client);
        return Response.created(URI.create("clients/" + registered.clientId())).entity(registered)
                .header("Cache-Control", "no-store").build();
    }

    /** A new secret; the old one and every token issued with it stop working at once. */
    @POST
    @Path("{clientId}/secret")
    public Response rotateSecret(@PathParam("clientId") String clientId) {
        return Response.ok(clients.rotateSecret(clientId)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{clientId}/disable")
    public EhrClient disable(@PathParam("clientId") String clientId) {
        return clients.setEnabled(clientId, false);
    }

    @POST
    @Path("{clientId}/enable")
    public EhrClient enable(@PathParam("clientId") String clientId) {
        return clients.setEnabled(clientId, true);
    }
}
