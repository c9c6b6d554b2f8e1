package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The MicroProfile OpenAPI document at {@code /openapi} describes every admin endpoint. */
@ExtendWith(RunningStack.class)
class OpenApiIT {

    @Test
    void theOpenApiDocumentListsEveryAdminEndpoint() throws Exception {
        HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RunningStack.settings().appUrl() + "/openapi"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode());
        for (String path : List.of("/api/admin/me", "/api/admin/ping", "/api/admin/users",
                "/api/admin/users/{username}/disable", "/api/admin/users/{username}/enable",
                "/api/admin/users/{username}/reset-password", "/api/admin/crypto/keys",
                "/api/admin/crypto/keys/reload", "/api/admin/crypto/reencryption", "/api/admin/users/{username}/roles",
                "/api/admin/users/{username}/sessions", "/api/admin/users/{username}/sessions/{sessionId}",
                "/api/admin/users/{username}/sign-in-status", "/api/admin/users/{username}/unlock",
                "/api/admin/sign-in-failures", "/api/admin/clients", "/api/admin/clients/{clientId}/secret",
                "/api/admin/clients/{clientId}/disable", "/api/admin/clients/{clientId}/enable",
                "/api/admin/tenants", "/api/admin/tenants/{id}", "/api/admin/audit/events",
                "/api/admin/audit/verify", "/api/admin/audit/export")) {
            assertTrue(document.body().contains(path + ":"), path + " missing in\n" + document.body());
        }
    }
}
