package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.devstack.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * {@code /api/admin/users} against the real Keycloak and a real SMTP server (GreenMail): an administrator creates
 * staff accounts of their own tenant with a role and the TOTP set-up required — the person gets the activation
 * e-mail — sends password resets, lists accounts, and disables one, whose tokens then stop working at their next
 * call; other tenants' accounts are out of reach, and only administrators get in.
 */
@ExtendWith(RunningStack.class)
class StaffAccountsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Staff-Accounts-Probe-9!";

    private static String admin() {
        return Tokens.staff("admin.general");
    }

    private static String unique(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newAccount(String username, String email, String role) {
        return "{\"username\":\"" + username + "\",\"firstName\":\"Ada\",\"lastName\":\"Probe\",\"email\":\"" + email
                + "\",\"role\":\"" + role + "\"}";
    }

    @Test
    void anAdministratorCreatesAStaffAccountOfTheirTenantWithItsRoleAndTotpRequired() throws Exception {
        String username = unique("new.clinician");
        HttpResponse<String> created = call("POST", "/users", newAccount(username, username + "@example.org",
                "clinician"), admin());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/admin/users/" + username));
        assertEquals(List.of("clinician"), JSON.convertValue(JSON.readTree(created.body()).get("roles"), List.class));

        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(keycloak);
            UserRepresentation user = realm.users().searchByUsername(username, true).get(0);
            assertTrue(user.getRequiredActions().containsAll(List.of("CONFIGURE_TOTP", "UPDATE_PASSWORD")));
            assertEquals(List.of("/general-hospital"), realm.users().get(user.getId()).groups().stream()
                    .map(GroupRepresentation::getPath).toList());
            assertTrue(realm.users().get(user.getId()).roles().realmLevel().listAll().stream()
                    .map(RoleRepresentation::getName).anyMatch("clinician"::equals));
        }
        String activation = mailTo(username + "@example.org");
        assertTrue(activation.contains("/login-actions/action-token?key="), "the activation link: " + activation);

        assertEquals(202, call("POST", "/users/" + username + "/reset-password", null, admin()).statusCode());
        Instant deadline = Instant.now().plusSeconds(20);
        while (mailsTo(username + "@example.org").size() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertEquals(2, mailsTo(username + "@example.org").size(), "the password-reset e-mail arrived too");

        JsonNode listed = JSON.readTree(call("GET", "/users?search=" + username, null, admin()).body());
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(username, listed.get(0).get("username").asText());
        assertFalse(listed.get(0).has("credentials") || listed.toString().contains("password"));
    }

    @Test
    void theActivationLinkLeadsThroughPasswordAndAuthenticatorToASignInWithBoth() throws Exception {
        String username = unique("new.nurse");
        assertEquals(201, call("POST", "/users", newAccount(username, username + "@example.org", "nurse"), admin())
                .statusCode());
        Matcher link = Pattern.compile("https?://\\S+/login-actions/action-token\\?key=[^\\s\"<>]+")
                .matcher(mailTo(username + "@example.org"));
        assertTrue(link.find(), "an activation link");
        String password = "Activated-Nurse-Probe-7!";
        KeycloakPages.Outcome outcome = new KeycloakPages(username).completeActions(link.group(), password);
        assertTrue(outcome.lastPage().contains("Your account has been updated"), "ended on: " + outcome.lastPage());
        assertTrue(outcome.totpSecret() != null, "an authenticator was registered on the way");

        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            UserRepresentation user = KeycloakAdmin.hospital(keycloak).users().searchByUsername(username, true).get(0);
            assertTrue(user.isEmailVerified(), "the link verified the address");
            assertEquals(List.of(), user.getRequiredActions());
        }
        Map<String, String> login = Tokens.passwordForm(username, password);
        assertFalse(Tokens.requestToken(login).hasAccessToken(), "a nurse without the one-time code is refused");
        // The registration used this window's code, and Keycloak takes each code once: the next window's is due.
        login.put("totp", Totp.codeAt(Totp.keyOf(outcome.totpSecret()), Instant.now().plusSeconds(Totp.PERIOD_SECONDS)));
        Tokens.TokenResponse signedIn = Tokens.requestToken(login);
        assertTrue(signedIn.hasAccessToken(), signedIn.body().toString());
        assertEquals(200, Fhir.get("/fhir/Patient?family=Nobody", signedIn.body().get("access_token").asText())
                .statusCode(), "the nurse reads");
    }

    /** The text of the first e-mail the dev mail server received for this address (waits up to 20 s). */
    private static String mailTo(String address) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (mailsTo(address).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        List<MimeMessage> mails = mailsTo(address);
        assertFalse(mails.isEmpty(), "no e-mail for " + address);
        return textOf(mails.get(0));
    }

    private static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage message : RunningStack.stack().mail().messages()) {
            for (Address recipient : message.getAllRecipients()) {
                if (recipient.toString().contains(address)) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    private static String textOf(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(textOf(multipart.getBodyPart(i)));
            }
            return text.toString();
        }
        return String.valueOf(content);
    }

    @Test
    void invalidOrDuplicateInputIsRefusedWithProblemJsonAndNothingIsCreated() throws Exception {
        HttpResponse<String> invalid = call("POST", "/users", newAccount("X", "not-an-address", "superuser"), admin());
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(invalid.body().contains("email") && invalid.body().contains("role")
                && invalid.body().contains("username"), invalid.body());
        assertEquals(0, JSON.readTree(call("GET", "/users?search=not-an-address", null, admin()).body()).size());

        HttpResponse<String> duplicate = call("POST", "/users", newAccount("clinician.general", unique("dup")
                + "@example.org", "nurse"), admin());
        assertEquals(409, duplicate.statusCode(), duplicate.body());
    }

    @Test
    void disablingAnAccountEndsItsTokensAtTheirNextCallAndEnablingLetsItSignInAgain() throws Exception {
        String username = unique("disable.probe");
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            KeycloakAdmin.createUser(KeycloakAdmin.hospital(keycloak), username, PASSWORD);
        }
        Map<String, String> login = Tokens.passwordForm(username, PASSWORD);
        String token = Tokens.requestToken(login).body().get("access_token").asText();
        assertEquals(200, Fhir.get("/api/admin/me", token).statusCode());

        HttpResponse<String> disabled = call("POST", "/users/" + username + "/disable", null, admin());
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertFalse(JSON.readTree(disabled.body()).get("enabled").asBoolean());
        assertEquals(401, Fhir.get("/api/admin/me", token).statusCode(), "refused at its next call");
        assertFalse(Tokens.requestToken(login).hasAccessToken(), "no new sign-in");

        assertEquals(200, call("POST", "/users/" + username + "/enable", null, admin()).statusCode());
        assertTrue(Tokens.requestToken(login).hasAccessToken());
    }

    @Test
    void anotherTenantsAccountIsOutOfReachAndOnlyAdministratorsGetIn() throws Exception {
        HttpResponse<String> foreign = call("POST", "/users/clinician.riverside/disable", null, admin());
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertTrue(Fhir.get("/api/admin/me", Tokens.staff("clinician.riverside")).statusCode() == 200,
                "the other tenant's clinician is untouched");
        JsonNode page = JSON.readTree(call("GET", "/users?max=100", null, admin()).body());
        for (JsonNode account : page) {
            assertFalse(account.get("username").asText().endsWith(".riverside"), page.toString());
        }

        HttpResponse<String> clinician = call("GET", "/users", null, Tokens.staff("clinician.general"));
        assertEquals(403, clinician.statusCode(), clinician.body());
        assertTrue(clinician.body().contains("\"status\":403"));
    }
}
