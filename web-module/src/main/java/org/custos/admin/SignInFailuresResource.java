package org.custos.admin;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.custos.accounts.SignInFailure;
import org.custos.accounts.SignInFailures;

/** {@code /api/admin/sign-in-failures}: the latest failed sign-ins of the administrator's tenant's staff. */
@Path("sign-in-failures")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SignInFailuresResource {

    private static final int MAX_PAGE = 100;

    @Inject
    SignInFailures failures;

    @GET
    public List<SignInFailure> recent(@QueryParam("max") @DefaultValue("50") int max) {
        return failures.recent(Math.min(MAX_PAGE, Math.max(1, max)));
    }
}
