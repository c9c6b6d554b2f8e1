package org.custos.admin;

import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;

/** {@code GET /api/admin/me}: who the token says the caller is. Everything comes from the validated token. */
@Path("me")
@RequestScoped
public class MeResource {

    @Inject
    CurrentCaller currentCaller;

    /** The caller as JSON; {@code tenant} is null when the token names none. */
    public record Me(String subject, String username, String clientId, String tenant, Set<String> roles) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        Caller caller = currentCaller.get();
        return new Me(caller.subject(), caller.username(), caller.clientId(), caller.tenant().orElse(null),
                caller.roles());
    }
}
