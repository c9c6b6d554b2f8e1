package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.BadRequestException;

import org.custos.devstack.DemoUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * The realm's login rules, checked against the real Keycloak: MFA for staff, brute-force lockout, the password
 * policy. (Session idle and absolute limits are checked in the realm file, {@code HospitalRealmTest}: a test cannot
 * wait 15 minutes.)
 */
@ExtendWith(RunningStack.class)
class AccountSecurityIT {

    @Test
    void staffPasswordWithoutOtpGetsNoToken() {
        DemoUsers.DemoUser auditor = RunningStack.demo().user("auditor.general");
        Tokens.TokenResponse response = Tokens.requestToken(Tokens.passwordForm(auditor.username(), auditor.password()));
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
            assertTrue(Tokens.requestToken(Tokens.passwordForm(username, password)).hasAccessToken(), "works before");

            for (int attempt = 0; attempt < 6; attempt++) {
                assertFalse(Tokens.requestToken(Tokens.passwordForm(username, "Wrong-Password-" + attempt)).hasAccessToken());
                // Slower than the realm's quick-login check, so it is the failure count that locks.
                Thread.sleep(1_200);
            }

            assertFalse(Tokens.requestToken(Tokens.passwordForm(username, password)).hasAccessToken(),
                    "the right password no longer helps");
            Map<String, Object> status = realm.attackDetection().bruteForceUserStatus(userId);
            assertEquals(Boolean.TRUE, status.get("disabled"));
        }
    }

    @Test
    void keycloakRefusesPasswordsThatBreakThePolicy() {
        String username = "policy.probe." + UUID.randomUUID().toString().substring(0, 8);
        try (Keycloak admin = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(admin);
            UserResource user = realm.users().get(KeycloakAdmin.createUser(realm, username, "First-Valid-Pass-1!"));
            // (not-username cannot be tried alone: Keycloak lower-cases usernames, so one also lacks an upper case.)
            for (String weak : List.of("Short-1!", "no-upper-case-12!", "NO-LOWER-CASE-12!", "No-Digits-Here-!!",
                    "NoSpecialChars123")) {
                assertThrows(BadRequestException.class, () -> user.resetPassword(password(weak)), weak);
            }
            user.resetPassword(password("Second-Valid-Pass-2!"));
            assertThrows(BadRequestException.class, () -> user.resetPassword(password("First-Valid-Pass-1!")),
                    "one of the last five passwords");
            assertTrue(Tokens.requestToken(Tokens.passwordForm(username, "Second-Valid-Pass-2!")).hasAccessToken());
        }
    }

    private static CredentialRepresentation password(String value) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(value);
        credential.setTemporary(false);
        return credential;
    }
}
