package org.custos.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the security settings of the realm import: a careless edit of hospital-realm.json that drops MFA, the
 * audience or the tenant claim must fail the build, not a HIPAA audit.
 */
class HospitalRealmTest {

    private static final List<String> STAFF_ROLES = List.of("admin", "clinician", "nurse", "auditor", "privacy-officer",
            "platform-admin");
    private static final Set<String> API_CLIENTS = Set.of("staff-portal", "ehr-system", "ehr-system-b",
            "ehr-system-dpop", "custos-cli", "smart-app", "ehr-reporting");
    private static final List<String> SERVICE_CLIENTS = List.of("ehr-system", "ehr-system-b", "ehr-system-dpop",
            "ehr-reporting");
    private static final List<String> USER_CLIENTS = List.of("staff-portal", "custos-cli", "smart-app");

    private static JsonObject realm;

    @BeforeAll
    static void readRealm() throws IOException {
        Path file = Path.of(System.getProperty("user.dir"), "hospital-realm.json");
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
            realm = reader.readObject();
        }
    }

    @Test
    void definesEveryRoleTheAppAuthorizesOn() {
        Set<String> roles = names(realm.getJsonObject("roles").getJsonArray("realm").getValuesAs(JsonObject.class));
        assertTrue(roles.containsAll(List.of("admin", "clinician", "nurse", "auditor", "privacy-officer", "patient",
                "staff", "ehr-client")), roles.toString());
    }

    @Test
    void everyStaffRoleIsACompositeOfStaff() {
        for (JsonObject role : realm.getJsonObject("roles").getJsonArray("realm").getValuesAs(JsonObject.class)) {
            String name = role.getString("name");
            boolean hasStaff = role.containsKey("composites")
                    && strings(role.getJsonObject("composites").getJsonArray("realm")).contains("staff");
            assertEquals(STAFF_ROLES.contains(name), hasStaff, name);
        }
    }

    @Test
    void defaultRoleGrantsNothing() {
        // No offline_access by default: long-lived offline tokens must be granted deliberately.
        JsonObject defaultRole = realm.getJsonObject("roles").getJsonArray("realm").getValuesAs(JsonObject.class)
                .stream().filter(r -> r.getString("name").equals(realm.getJsonObject("defaultRole").getString("name")))
                .findFirst().orElseThrow();
        assertFalse(defaultRole.getBoolean("composite"));
    }

    @Test
    void tenantGroupsCarryTheirTenantAttribute() {
        for (String tenant : List.of("general-hospital", "riverside-clinic")) {
            JsonObject group = byKey(realm.getJsonArray("groups").getValuesAs(JsonObject.class), "name", tenant);
            assertEquals(List.of(tenant), strings(group.getJsonObject("attributes").getJsonArray("tenant")));
        }
    }

    @Test
    void everyStaffUserHasATotpCredential() {
        int staff = 0;
        for (JsonObject user : humans()) {
            boolean isStaff = STAFF_ROLES.stream().anyMatch(strings(user.getJsonArray("realmRoles"))::contains);
            List<JsonObject> otp = user.getJsonArray("credentials").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("type").equals("otp")).toList();
            if (isStaff) {
                staff++;
                assertEquals(1, otp.size(), user.getString("username"));
                JsonObject data = parse(otp.get(0).getString("credentialData"));
                assertEquals("totp", data.getString("subType"));
                assertEquals("HmacSHA1", data.getString("algorithm"));
                assertEquals(6, data.getInt("digits"));
                assertEquals(30, data.getInt("period"));
                // Without secretEncoding Keycloak keys the HMAC with the UTF-8 bytes of the value (dev tooling relies on it).
                assertFalse(data.containsKey("secretEncoding"));
                assertFalse(parse(otp.get(0).getString("secretData")).getString("value").isBlank());
            }
        }
        assertEquals(11, staff);
    }

    @Test
    void everyDemoUserBelongsToExactlyOneTenantAndHasACompleteProfile() {
        assertEquals(13, humans().size());
        for (JsonObject user : humans()) {
            String name = user.getString("username");
            assertTrue(user.getBoolean("emailVerified"), name);
            if (strings(user.getJsonArray("realmRoles")).contains("platform-admin")) {
                assertEquals(0, user.getJsonArray("groups").size(), name + " operates the platform, in no tenant");
            } else {
                assertEquals(1, user.getJsonArray("groups").size(), name);
                assertTrue(user.getString("email").endsWith("@" + user.getJsonArray("groups").getString(0).substring(1)
                        + ".example"), name);
            }
            // Keycloak's default user profile rejects names with characters such as ( ) < > & and then answers
            // every login with "Account is not fully set up".
            assertTrue(user.getString("firstName").matches("[\\p{L} .'-]+"), name);
            assertTrue(user.getString("lastName").matches("[\\p{L} .'-]+"), name);
        }
    }

    @Test
    void demoPasswordsSatisfyThePasswordPolicy() {
        // Keycloak refuses to import a user whose password violates the policy.
        for (JsonObject user : humans()) {
            String password = user.getJsonArray("credentials").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("type").equals("password")).findFirst().orElseThrow().getString("value");
            assertTrue(password.length() >= 12 && password.matches(".*[A-Z].*") && password.matches(".*[a-z].*")
                    && password.matches(".*[0-9].*") && password.matches(".*[^A-Za-z0-9].*")
                    && !password.equalsIgnoreCase(user.getString("username")), user.getString("username"));
        }
    }

    @Test
    void passwordPolicyIsStrict() {
        assertEquals("length(12) and upperCase(1) and lowerCase(1) and digits(1) and specialChars(1) and notUsername()"
                + " and passwordHistory(5)", realm.getString("passwordPolicy"));
    }

    @Test
    void bruteForceDetectionLocksTemporarilyAfterFiveFailures() {
        assertTrue(realm.getBoolean("bruteForceProtected"));
        assertFalse(realm.getBoolean("permanentLockout"));
        assertEquals(5, realm.getInt("failureFactor"));
        assertEquals(60, realm.getInt("waitIncrementSeconds"));
        assertEquals(900, realm.getInt("maxFailureWaitSeconds"));
    }

    @Test
    void tokensAndSessionsAreShortLived() {
        assertEquals(300, realm.getInt("accessTokenLifespan"));
        assertEquals(900, realm.getInt("ssoSessionIdleTimeout"));
        assertTrue(realm.getInt("ssoSessionMaxLifespan") <= 12 * 3600);
        assertTrue(realm.getBoolean("revokeRefreshToken"));
        assertEquals(0, realm.getInt("refreshTokenMaxReuse"));
        assertEquals("external", realm.getString("sslRequired"));
    }

    @Test
    void otpPolicyIsTotpSha1SixDigitsThirtySeconds() {
        assertEquals("totp", realm.getString("otpPolicyType"));
        assertEquals("HmacSHA1", realm.getString("otpPolicyAlgorithm"));
        assertEquals(6, realm.getInt("otpPolicyDigits"));
        assertEquals(30, realm.getInt("otpPolicyPeriod"));
        assertFalse(realm.getBoolean("otpPolicyCodeReusable"));
    }

    @Test
    void browserFlowDemandsOtpFromStaff() {
        assertFlowDemandsOtpForStaff(realm.getString("browserFlow"), "auth-username-password-form", "auth-otp-form");
    }

    @Test
    void directGrantFlowDemandsOtpFromStaff() {
        assertFlowDemandsOtpForStaff(realm.getString("directGrantFlow"), "direct-grant-validate-password",
                "direct-grant-validate-otp");
    }

    @Test
    void staffClientsReportEndedSessionsToTheApplicationByBackChannel() {
        for (String clientId : List.of("staff-portal", "custos-cli")) {
            JsonObject attributes = byKey(clients(), "clientId", clientId).getJsonObject("attributes");
            assertEquals("${CUSTOS_BACKCHANNEL_LOGOUT_URL}", attributes.getString("backchannel.logout.url"), clientId);
            assertEquals("true", attributes.getString("backchannel.logout.session.required"), clientId);
        }
    }

    @Test
    void accountEmailsGoToTheSmtpServerTheDeploymentNames() {
        JsonObject smtp = realm.getJsonObject("smtpServer");
        assertEquals("${CUSTOS_SMTP_HOST}", smtp.getString("host"));
        assertEquals("${CUSTOS_SMTP_PORT}", smtp.getString("port"));
    }

    @Test
    void theDpopClientGetsKeyBoundTokens() {
        assertEquals("true", byKey(clients(), "clientId", "ehr-system-dpop").getJsonObject("attributes")
                .getString("dpop.bound.access.tokens"));
    }

    @Test
    void everyApiClientGetsTheFhirApiAudienceExceptUnrelatedApp() {
        String audienceScope = audienceScopeName();
        for (JsonObject client : realm.getJsonArray("clients").getValuesAs(JsonObject.class)) {
            String id = client.getString("clientId");
            List<String> scopes = strings(client.getJsonArray("defaultClientScopes"));
            assertEquals(API_CLIENTS.contains(id), scopes.contains(audienceScope), id);
            if (API_CLIENTS.contains(id)) {
                assertTrue(scopes.containsAll(List.of("custos-claims", "basic")), id + " needs groups, tenant, sub");
            }
            List<String> optional = strings(client.getJsonArray("optionalClientScopes"));
            assertFalse(optional.contains(audienceScope), id);
        }
        assertTrue(strings(byKey(clients(), "clientId", "unrelated-app").getJsonArray("defaultClientScopes"))
                .contains("custos-claims"), "unrelated-app tokens must otherwise look valid");
    }

    @Test
    void claimsScopeMapsRolesToGroupsAndTenantToAString() {
        JsonObject scope = byKey(realm.getJsonArray("clientScopes").getValuesAs(JsonObject.class), "name", "custos-claims");
        List<JsonObject> mappers = scope.getJsonArray("protocolMappers").getValuesAs(JsonObject.class);
        JsonObject roles = byKey(mappers, "protocolMapper", "oidc-usermodel-realm-role-mapper").getJsonObject("config");
        assertEquals("groups", roles.getString("claim.name"));
        assertEquals("true", roles.getString("multivalued"));
        assertEquals("true", roles.getString("access.token.claim"));
        JsonObject tenant = mappers.stream().filter(m -> "tenant".equals(m.getJsonObject("config").getString("claim.name")))
                .findFirst().orElseThrow().getJsonObject("config");
        assertEquals("tenant", tenant.getString("user.attribute"));
        assertEquals("false", tenant.getString("multivalued"));
        assertEquals("true", tenant.getString("aggregate.attrs"));
        assertEquals("true", tenant.getString("access.token.claim"));
    }

    @Test
    void clientsUseOnlyTheFlowsTheyNeed() {
        JsonObject portal = byKey(clients(), "clientId", "staff-portal");
        assertTrue(portal.getBoolean("publicClient") && portal.getBoolean("standardFlowEnabled"));
        assertFalse(portal.getBoolean("implicitFlowEnabled") || portal.getBoolean("directAccessGrantsEnabled"));
        assertEquals("S256", portal.getJsonObject("attributes").getString("pkce.code.challenge.method"));
        for (String id : List.of("ehr-system", "ehr-system-b", "ehr-reporting", "unrelated-app")) {
            JsonObject client = byKey(clients(), "clientId", id);
            assertTrue(client.getBoolean("serviceAccountsEnabled") && !client.getBoolean("publicClient"), id);
            assertFalse(client.getBoolean("standardFlowEnabled") || client.getBoolean("directAccessGrantsEnabled"), id);
        }
        JsonObject cli = byKey(clients(), "clientId", "custos-cli");
        assertTrue(cli.getBoolean("publicClient") && cli.getBoolean("directAccessGrantsEnabled"));
        assertFalse(cli.getBoolean("standardFlowEnabled") || cli.getBoolean("serviceAccountsEnabled"));
        JsonObject api = byKey(clients(), "clientId", "fhir-api");
        assertFalse(api.getBoolean("standardFlowEnabled") || api.getBoolean("directAccessGrantsEnabled")
                || api.getBoolean("serviceAccountsEnabled") || api.getBoolean("implicitFlowEnabled"));
    }

    @Test
    void smartScopesAreOfferedInV1AndV2SyntaxForEveryContextAndAppearInTheToken() {
        List<JsonObject> scopes = realm.getJsonArray("clientScopes").getValuesAs(JsonObject.class);
        for (String context : List.of("patient", "user", "system")) {
            for (String permissions : List.of("read", "write", "*", "rs", "cruds")) {
                JsonObject scope = byKey(scopes, "name", context + "/*." + permissions);
                assertEquals("true", scope.getJsonObject("attributes").getString("include.in.token.scope"));
            }
        }
        assertEquals("true", byKey(scopes, "name", "user/Observation.rs").getJsonObject("attributes")
                .getString("include.in.token.scope"));
    }

    @Test
    void launchPatientPutsTheSignedInPatientsRecordInThePatientClaim() {
        JsonObject launch = byKey(realm.getJsonArray("clientScopes").getValuesAs(JsonObject.class), "name",
                "launch/patient");
        JsonObject mapper = launch.getJsonArray("protocolMappers").getJsonObject(0).getJsonObject("config");
        assertEquals("patient_id", mapper.getString("user.attribute"));
        assertEquals("patient", mapper.getString("claim.name"));
        assertEquals("true", mapper.getString("access.token.claim"));
        JsonObject patient = byKey(realm.getJsonArray("users").getValuesAs(JsonObject.class), "username",
                "patient.general");
        assertEquals(List.of("demo-patient-general"), strings(patient.getJsonObject("attributes")
                .getJsonArray("patient_id")));
    }

    @Test
    void firstPartyClientsActWithTheirCallersRightsAndThirdPartyAppsGetOnlyTheScopesTheyAskFor() {
        for (String id : List.of("staff-portal", "custos-cli")) {
            assertTrue(strings(byKey(clients(), "clientId", id).getJsonArray("defaultClientScopes"))
                    .contains("user/*.cruds"), id);
        }
        for (String id : List.of("ehr-system", "ehr-system-b", "ehr-system-dpop")) {
            assertTrue(strings(byKey(clients(), "clientId", id).getJsonArray("defaultClientScopes"))
                    .contains("system/*.cruds"), id);
        }
        for (String id : List.of("smart-app", "ehr-reporting")) {
            JsonObject client = byKey(clients(), "clientId", id);
            assertTrue(strings(client.getJsonArray("defaultClientScopes")).stream().noneMatch(s -> s.contains("/")),
                    id + " gets no SMART scope it did not ask for");
            assertFalse(strings(client.getJsonArray("optionalClientScopes")).isEmpty(), id);
        }
    }

    @Test
    void systemScopesGoOnlyToBackendServicesAndPatientOrUserScopesOnlyToClientsWithUsers() {
        for (String id : SERVICE_CLIENTS) {
            assertTrue(allScopes(id).stream().filter(s -> s.contains("/")).allMatch(s -> s.startsWith("system/")), id);
        }
        for (String id : USER_CLIENTS) {
            assertTrue(allScopes(id).stream().noneMatch(s -> s.startsWith("system/")), id);
        }
    }

    private static List<String> allScopes(String clientId) {
        JsonObject client = byKey(clients(), "clientId", clientId);
        List<String> all = new ArrayList<>(strings(client.getJsonArray("defaultClientScopes")));
        all.addAll(strings(client.getJsonArray("optionalClientScopes")));
        return all;
    }

    @Test
    void ehrServiceAccountsBelongToTheirTenantWithEhrClientRole() {
        assertServiceAccount("ehr-system", "/general-hospital");
        assertServiceAccount("ehr-system-b", "/riverside-clinic");
        assertServiceAccount("ehr-reporting", "/general-hospital");
        assertServiceAccount("unrelated-app", "/general-hospital");
    }

    private static void assertServiceAccount(String clientId, String group) {
        JsonObject user = realm.getJsonArray("users").getValuesAs(JsonObject.class).stream()
                .filter(u -> clientId.equals(u.getString("serviceAccountClientId", null))).findFirst().orElseThrow();
        assertEquals(List.of(group), strings(user.getJsonArray("groups")));
        assertEquals(List.of("ehr-client"), strings(user.getJsonArray("realmRoles")));
    }

    private static void assertFlowDemandsOtpForStaff(String topFlow, String passwordStep, String otpStep) {
        // Walk the flow tree: the password step must be REQUIRED on the way, the OTP step must sit in a
        // CONDITIONAL subflow whose condition is "user has role staff".
        assertTrue(reaches(topFlow, passwordStep, otpStep, false), topFlow + " does not demand " + otpStep + " for staff");
    }

    private static boolean reaches(String flowAlias, String passwordStep, String otpStep, boolean passwordSeen) {
        List<JsonObject> executions = byKey(realm.getJsonArray("authenticationFlows").getValuesAs(JsonObject.class),
                "alias", flowAlias).getJsonArray("authenticationExecutions").getValuesAs(JsonObject.class);
        boolean seen = passwordSeen || executions.stream().anyMatch(e -> passwordStep.equals(e.getString("authenticator", null))
                && "REQUIRED".equals(e.getString("requirement")));
        for (JsonObject execution : executions) {
            if (!execution.getBoolean("authenticatorFlow")) {
                continue;
            }
            String sub = execution.getString("flowAlias");
            if ("CONDITIONAL".equals(execution.getString("requirement")) && seen && isStaffOtpSubflow(sub, otpStep)) {
                return true;
            }
            if (reaches(sub, passwordStep, otpStep, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStaffOtpSubflow(String alias, String otpStep) {
        List<JsonObject> executions = byKey(realm.getJsonArray("authenticationFlows").getValuesAs(JsonObject.class),
                "alias", alias).getJsonArray("authenticationExecutions").getValuesAs(JsonObject.class);
        boolean staffCondition = executions.stream().anyMatch(e -> "conditional-user-role".equals(e.getString("authenticator", null))
                && "REQUIRED".equals(e.getString("requirement"))
                && staffConfig(e.getString("authenticatorConfig", "")));
        boolean otpRequired = executions.stream().anyMatch(e -> otpStep.equals(e.getString("authenticator", null))
                && "REQUIRED".equals(e.getString("requirement")));
        return staffCondition && otpRequired;
    }

    private static boolean staffConfig(String alias) {
        JsonObject config = byKey(realm.getJsonArray("authenticatorConfig").getValuesAs(JsonObject.class), "alias", alias)
                .getJsonObject("config");
        return "staff".equals(config.getString("condUserRole")) && "false".equals(config.getString("negate", "false"));
    }

    private static String audienceScopeName() {
        return realm.getJsonArray("clientScopes").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getJsonArray("protocolMappers").getValuesAs(JsonObject.class).stream()
                        .anyMatch(m -> "oidc-audience-mapper".equals(m.getString("protocolMapper"))
                                && "fhir-api".equals(m.getJsonObject("config").getString("included.client.audience"))
                                && "true".equals(m.getJsonObject("config").getString("access.token.claim"))))
                .map(s -> s.getString("name")).findFirst().orElseThrow();
    }

    private static List<JsonObject> humans() {
        return realm.getJsonArray("users").getValuesAs(JsonObject.class).stream()
                .filter(u -> !u.containsKey("serviceAccountClientId")).toList();
    }

    private static List<JsonObject> clients() {
        return realm.getJsonArray("clients").getValuesAs(JsonObject.class);
    }

    private static JsonObject byKey(List<JsonObject> objects, String key, String value) {
        return objects.stream().filter(o -> value.equals(o.getString(key, null))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "=" + value));
    }

    private static Set<String> names(List<JsonObject> objects) {
        return objects.stream().map(o -> o.getString("name")).collect(Collectors.toSet());
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonValue.class).stream()
                .map(v -> ((JsonString) v).getString()).toList();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
