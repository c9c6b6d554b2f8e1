package org.custos.web;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.identity.LogoutTokens;

/**
 * The OpenID Connect back-channel logout endpoint Keycloak calls ({@code backchannel.logout.url} of the staff
 * clients): no bearer token — the logout token is itself signed by the realm. 200 when it was valid, 400 otherwise.
 */
@WebServlet("/auth/backchannel-logout")
public class BackchannelLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient LogoutTokens logoutTokens;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter("logout_token");
        boolean accepted = token != null && logoutTokens.logOut(token);
        response.setHeader("Cache-Control", "no-store");
        if (accepted) {
            response.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"Not a valid logout token\"}");
    }
}
