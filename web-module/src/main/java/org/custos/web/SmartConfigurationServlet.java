package org.custos.web;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /fhir/.well-known/smart-configuration}: where SMART clients find the authorization server (the Keycloak
 * realm that issues this server's tokens) and what it offers. Public, like {@code /metadata}. Lists only what works:
 * confidential clients with a secret (EHR systems, client credentials; apps), OpenID Connect sign-in, standalone
 * patient launch ({@code launch/patient} puts the signed-in patient's record in context) and SMART scopes in v1 and
 * v2 syntax, which the server enforces on top of roles ({@link org.custos.access.AccessRules}). The wildcard scopes
 * are listed; the realm offers some resource-specific ones too, and an administrator can add more.
 */
@WebServlet(urlPatterns = "/fhir/.well-known/smart-configuration")
public class SmartConfigurationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String openIdConnect = issuer + "/protocol/openid-connect";
        String body = Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("jwks_uri", openIdConnect + "/certs")
                .add("authorization_endpoint", openIdConnect + "/auth")
                .add("token_endpoint", openIdConnect + "/token")
                .add("grant_types_supported", strings("authorization_code", "client_credentials", "refresh_token"))
                .add("token_endpoint_auth_methods_supported", strings("client_secret_basic", "client_secret_post"))
                .add("response_types_supported", strings("code"))
                .add("code_challenge_methods_supported", strings("S256"))
                .add("scopes_supported", scopes())
                .add("capabilities", strings("launch-standalone", "client-confidential-symmetric",
                        "sso-openid-connect", "context-standalone-patient", "permission-offline",
                        "permission-patient", "permission-user", "permission-v1", "permission-v2"))
                .build().toString();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }

    private static JsonArrayBuilder scopes() {
        JsonArrayBuilder scopes = strings("openid", "profile", "offline_access", "launch/patient");
        for (String context : new String[] {"patient", "user", "system"}) {
            for (String permissions : new String[] {"read", "write", "*", "rs", "cruds"}) {
                scopes.add(context + "/*." + permissions);
            }
        }
        return scopes;
    }

    private static JsonArrayBuilder strings(String... values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }
}
