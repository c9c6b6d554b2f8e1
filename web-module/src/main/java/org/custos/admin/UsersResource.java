package org.custos.admin;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.custos.accounts.NewStaffAccount;
import org.custos.accounts.RoleChange;
import org.custos.accounts.SignInFailures;
import org.custos.accounts.SignInSession;
import org.custos.accounts.SignInStatus;
import org.custos.accounts.StaffAccount;
import org.custos.accounts.StaffAccounts;
import org.custos.accounts.StaffSessions;

/**
 * {@code /api/admin/users}: the staff accounts of the administrator's tenant — the accounts themselves, their roles,
 * their sign-in sessions and lockouts. Thin over {@link StaffAccounts}, {@link StaffSessions} and
 * {@link SignInFailures}, which decide who may and check the input.
 */
@Path("users")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final int MAX_PAGE = 100;

    @Inject
    StaffAccounts accounts;

    @Inject
    StaffSessions sessions;

    @Inject
    SignInFailures failures;

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

    /** Sets the account's staff roles to exactly those given; its older tokens stop working at once. */
    @PUT
    @Path("{username}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    public StaffAccount changeRoles(@PathParam("username") String username, RoleChange change) {
        return accounts.changeRoles(username, change);
    }

    @GET
    @Path("{username}/sessions")
    public List<SignInSession> sessions(@PathParam("username") String username) {
        return sessions.of(username);
    }

    /** Ends every sign-in session of the account; its tokens are refused from their next call. */
    @DELETE
    @Path("{username}/sessions")
    public Response endSessions(@PathParam("username") String username) {
        sessions.endAll(username);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{username}/sessions/{sessionId}")
    public Response endSession(@PathParam("username") String username, @PathParam("sessionId") String sessionId) {
        sessions.end(username, sessionId);
        return Response.noContent().build();
    }

    /** Lockout state and the latest failed sign-ins of the account. */
    @GET
    @Path("{username}/sign-in-status")
    public SignInStatus signInStatus(@PathParam("username") String username) {
        return failures.status(username);
    }

    /** Lifts a brute-force lockout before it would end by itself. */
    @POST
    @Path("{username}/unlock")
    public SignInStatus unlock(@PathParam("username") String username) {
        return failures.unlock(username);
    }
}
