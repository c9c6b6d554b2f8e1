package org.custos.it;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The test stack's Keycloak through its admin API, logged in as the bootstrap admin of the dev secrets. */
final class KeycloakAdmin {

    private KeycloakAdmin() {
    }

    static Keycloak connect() {
        return KeycloakBuilder.builder()
                .serverUrl(RunningStack.settings().keycloakUrl())
                .realm("master")
                .clientId("admin-cli")
                .username("admin")
                .password(RunningStack.stack().secrets().keycloakAdminPassword())
                .build();
    }

    static RealmResource hospital(Keycloak admin) {
        return admin.realm("hospital");
    }

    static ClientResource clientOf(Keycloak admin, String clientId) {
        RealmResource realm = hospital(admin);
        String id = realm.clients().findByClientId(clientId).get(0).getId();
        return realm.clients().get(id);
    }

    /**
     * A user of General Hospital with a password and no staff role (so no OTP step at login), for tests that change
     * or lock one account without touching the demo users.
     *
     * @return the user's id
     */
    static String createUser(RealmResource realm, String username, String password) {
        return createUser(realm, username, password, "/general-hospital");
    }

    /** The same, in the given tenant's group. */
    static String createUser(RealmResource realm, String username, String password, String groupPath) {
        UserRepresentation user = member(username, groupPath);
        user.setCredentials(List.of(password(password)));
        try (Response response = realm.users().create(user)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("User not created: HTTP " + response.getStatus());
            }
        }
        return realm.users().searchByUsername(username, true).get(0).getId();
    }

    /**
     * A staff member of a tenant with a role and a registered authenticator (TOTP secret {@code totpSecret}, the
     * realm's string form, see {@link org.custos.devstack.Totp}), imported as the realm file imports the demo staff.
     */
    static void createStaff(RealmResource realm, String username, String password, String groupPath, String role,
                            String totpSecret) {
        createStaff(realm, username, password, groupPath, role, totpSecret, Map.of());
    }

    /** The same, with user attributes (e.g. {@code fhir_user}, who the user is in FHIR). */
    static void createStaff(RealmResource realm, String username, String password, String groupPath, String role,
                            String totpSecret, Map<String, List<String>> attributes) {
        UserRepresentation user = member(username, groupPath);
        if (!attributes.isEmpty()) {
            user.setAttributes(attributes);
        }
        user.setRealmRoles(List.of(role));
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("test authenticator");
        otp.setSecretData("{\"value\":\"" + totpSecret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                + "\"algorithm\":\"HmacSHA1\"}");
        user.setCredentials(List.of(password(password), otp));
        PartialImportRepresentation users = new PartialImportRepresentation();
        users.setUsers(List.of(user));
        users.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
        try (Response response = realm.partialImport(users)) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("Staff member not imported: HTTP " + response.getStatus());
            }
        }
    }

    private static UserRepresentation member(String username, String groupPath) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName("Probe");
        user.setGroups(List.of(groupPath));
        return user;
    }

    private static CredentialRepresentation password(String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        return credential;
    }
}
