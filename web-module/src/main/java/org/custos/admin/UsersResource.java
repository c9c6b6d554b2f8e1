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

import org.custos.accounts.NewStaffAccount;
import org.custos.accounts.StaffAccount;
import org.custos.accounts.StaffAccounts;

/**
 * {@code /api/admin/users}: the staff accounts of the administrator's tenant. Thin over {@link StaffAccounts}, which
 * decides who may and checks the input.
 */
@Path("users")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final int MAX_PAGE = 100;

    @Inject
    StaffAccounts accounts;

    @GET
    public List<StaffAccount> list(@QueryParam("search") String search, @QueryParam("first") @DefaultValue("0") int first,
                                   @QueryParam("max") @DefaultValue("50") int max) {
        return accounts.list(search, Math.max(0, first), Math.min(MAX_PAGE, Math.max(1, max)));
    }

    /** Creates the account; Keycloak e-mails the person a link to verify the address, set a password and TOTP. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewStaffAccount account) {
        StaffAccount created = accounts.create(account);
        return Response.created(URI.create("users/" + created.username())).entity(created).build();
    }

    @POST
    @Path("{username}/disable")
    public StaffAccount disable(@PathParam("username") String username) {
        return accounts.disable(username);
    }

    /** Keycloak e-mails the person a link to set a new password. */
    @POST
    @Path("{username}/reset-password")
    public Response sendPasswordReset(@PathParam("username") String username) {
        accounts.sendPasswordReset(username);
        return Response.accepted().build();
    }

    @POST
    @Path("{username}/enable")
    public StaffAccount enable(@PathParam("username") String username) {
        return accounts.enable(username);
    }
}
