package org.custos.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DEV-ONLY demo accounts and client secrets, read from hospital-realm.json so the realm import stays the single
 * source of truth: the launcher prints them, the integration tests log in with them. None of this exists in a
 * hospital's realm.
 */
public final class DemoUsers {

    /**
     * A person who can log in.
     *
     * @param totpSecret the realm's OTP secret string (key = its UTF-8 bytes, see {@link Totp}); null for users
     *                   without an OTP credential (patients)
     * @param patientId  the Patient resource a patient user is (attribute {@code patient_id}); null for staff
     */
    public record DemoUser(String username, String role, String tenant, String password, String totpSecret,
                           String patientId) {

        public boolean hasTotp() {
            return totpSecret != null;
        }

        /** The current code, for the {@code totp} parameter of the password grant. */
        public String totpNow() {
            return Totp.now(totpSecret);
        }

        /**
         * The code of another 30 s window. The realm rejects a code already used by this user
         * (otpPolicyCodeReusable=false) but accepts the next window's code (look-ahead 1), so a second login
         * within the same window can use {@code totpAt(Instant.now().plusSeconds(Totp.PERIOD_SECONDS))}.
         */
        public String totpAt(Instant time) {
            return Totp.codeAt(Totp.keyOf(totpSecret), time);
        }

        /** The secret as authenticator apps take it. */
        public String totpBase32() {
            return Totp.base32(Totp.keyOf(totpSecret));
        }
    }

    /** A confidential client; tenant is that of its service account, null when it has none. */
    public record ConfidentialClient(String clientId, String secret, String tenant) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DemoUser> users;
    private final List<ConfidentialClient> clients;

    private DemoUsers(List<DemoUser> users, List<ConfidentialClient> clients) {
        this.users = List.copyOf(users);
        this.clients = List.copyOf(clients);
    }

    public static DemoUsers read(Path realmJson) throws IOException {
        JsonNode realm = JSON.readTree(realmJson.toFile());
        Map<String, String> tenantByGroupPath = new HashMap<>();
        for (JsonNode group : realm.path("groups")) {
            tenantByGroupPath.put(group.path("path").asText("/" + group.path("name").asText()),
                    group.path("attributes").path("tenant").path(0).asText(null));
        }
        List<DemoUser> users = new ArrayList<>();
        Map<String, String> tenantByServiceAccountClient = new HashMap<>();
        for (JsonNode user : realm.path("users")) {
            String tenant = tenantByGroupPath.get(user.path("groups").path(0).asText(""));
            if (user.hasNonNull("serviceAccountClientId")) {
                tenantByServiceAccountClient.put(user.get("serviceAccountClientId").asText(), tenant);
                continue;
            }
            String password = null;
            String totpSecret = null;
            for (JsonNode credential : user.path("credentials")) {
                switch (credential.path("type").asText()) {
                    case "password" -> password = credential.path("value").asText(null);
                    // secretData is itself a JSON document in a string: {"value":"<secret>"}
                    case "otp" -> totpSecret = JSON.readTree(credential.path("secretData").asText())
                            .path("value").asText(null);
                    default -> { }
                }
            }
            users.add(new DemoUser(user.path("username").asText(), user.path("realmRoles").path(0).asText(null),
                    tenant, password, totpSecret, user.path("attributes").path("patient_id").path(0).asText(null)));
        }
        List<ConfidentialClient> clients = new ArrayList<>();
        for (JsonNode client : realm.path("clients")) {
            if (!client.path("publicClient").asBoolean(false) && client.hasNonNull("secret")) {
                String clientId = client.path("clientId").asText();
                clients.add(new ConfidentialClient(clientId, client.get("secret").asText(),
                        tenantByServiceAccountClient.get(clientId)));
            }
        }
        return new DemoUsers(users, clients);
    }

    public List<DemoUser> users() {
        return users;
    }

    public List<ConfidentialClient> clients() {
        return clients;
    }

    public DemoUser user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No demo user " + username + " in the realm"));
    }

    public ConfidentialClient client(String clientId) {
        return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No confidential client " + clientId));
    }
}
