package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;


import org.custos.devstack.DemoUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/** The realm's login rules, checked against the real Keycloak: MFA for staff and brute-force lockout. */
@ExtendWith(RunningStack.class)
class AccountSecurityIT {

    private static Map<String, String> passwordGrant(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "custos-cli");
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    @Test
    void staffPasswordWithoutOtpGetsNoToken() {
        DemoUsers.DemoUser auditor = RunningStack.demo().user("auditor.general");
        Tokens.TokenResponse response = Tokens.requestToken(passwordGrant(auditor.username(), auditor.password()));
        assertFalse(response.hasAccessToken());
        assertEquals(400, response.status());
    }

    @Test
    void fiveWrongPasswordsLockTheAccount() throws InterruptedException {
        String username = "lockout.probe";
        String password = "Correct-Horse-9!";
        try (Keycloak admin = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(admin);
            String userId = KeycloakAdmin.createUser(realm, username, password);
            assertTrue(Tokens.requestToken(passwordGrant(username, password)).hasAccessToken(), "works before");

            for (int attempt = 0; attempt < 6; attempt++) {
                assertFalse(Tokens.requestToken(passwordGrant(username, "Wrong-Password-" + attempt)).hasAccessToken());
                // Slower than the realm's quick-login check, so it is the failure count that locks.
                Thread.sleep(1_200);
            }

            assertFalse(Tokens.requestToken(passwordGrant(username, password)).hasAccessToken(),
                    "the right password no longer helps");
            Map<String, Object> status = realm.attackDetection().bruteForceUserStatus(userId);
            assertEquals(Boolean.TRUE, status.get("disabled"));
        }
    }

}
