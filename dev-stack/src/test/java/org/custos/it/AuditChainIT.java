package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.audit.AuditVerifyCommand;
import org.custos.crypto.AuditKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * The audit trail's hash chain against a database superuser who goes around the append-only triggers
 * ({@code session_replication_role = replica}): an altered record, a removed one, two swapped and a forged one
 * inserted are each found by the verification, at the right place, and so are a row inserted unsealed (the sealer
 * links it in, its MAC gives it away), a copy of a genuine record, a chain cut short with its head moved back to
 * match (its signed checkpoint gives it away) and a forged checkpoint; put back, the chain verifies again. Runs on a
 * tenant of its own so no other test's chain is touched.
 */
@ExtendWith(RunningStack.class)
class AuditChainIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Audit-Chain-Probe-9!";
    private static final int RECORDS = 6;
    private static final String CONTENT = "id, tenant_id, recorded_at, actor_subject, actor_username, actor_client,"
            + " actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome, reason,"
            + " purpose_of_use, source_ip, user_agent, request_id, request_method, request_path";
    private static String tenant;

    @BeforeAll
    static void aTenantWithAFewSealedRecords() throws Exception {
        tenant = "chain-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, call("POST", "/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Chain Probe\"}", platform())
                .statusCode());
        String username = "member." + tenant;
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            RealmResource realm = KeycloakAdmin.hospital(keycloak);
            KeycloakAdmin.createUser(realm, username, PASSWORD, "/" + tenant);
        }
        String token = Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).body().get("access_token").asText();
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(403, Fhir.get("/fhir/Patient?family=Chainprobe", token).statusCode(), "no role: refused");
        }
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode verification = verify();
        while (verification.get("sealedRecords").asLong() < RECORDS && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            verification = verify();
        }
        assertEquals(RECORDS, verification.get("sealedRecords").asLong(), verification.toString());
        deadline = Instant.now().plusSeconds(30);
        while (verification.get("signedThrough").asLong() < RECORDS && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            verification = verify();
        }
        assertIntact();
    }

    @Test
    void anAlteredRecordIsFound() throws Exception {
        String action = superuser("SELECT action FROM audit_event WHERE tenant_id = '" + tenant + "' AND chain_seq = 3");
        superuser("UPDATE audit_event SET action = 'read' WHERE tenant_id = '" + tenant + "' AND chain_seq = 3");
        assertBrokenAt(3, "says something else");
        superuser("UPDATE audit_event SET action = '" + action + "' WHERE tenant_id = '" + tenant + "' AND chain_seq = 3");
        assertIntact();
    }

    @Test
    void aRemovedRecordIsFound() throws Exception {
        superuser("CREATE TABLE removed_probe AS SELECT * FROM audit_event WHERE tenant_id = '" + tenant
                + "' AND chain_seq = 4");
        superuser("DELETE FROM audit_event WHERE tenant_id = '" + tenant + "' AND chain_seq = 4");
        assertBrokenAt(4, "missing");
        superuser("INSERT INTO audit_event SELECT * FROM removed_probe");
        superuser("DROP TABLE removed_probe");
        assertIntact();
    }

    @Test
    void swappedRecordsAreFound() throws Exception {
        swap();
        assertBrokenAt(2, "does not follow");
        swap();
        assertIntact();
    }

    @Test
    void aForgedRecordIsFound() throws Exception {
        superuser("INSERT INTO audit_event (tenant_id, actor_username, action, outcome, chain_seq, prev_hash, hash)"
                + " SELECT '" + tenant + "', 'nobody', 'read', 200, last_seq + 1, last_hash, sha256('forged')"
                + " FROM audit_chain_head WHERE chain = '" + tenant + "'");
        assertBrokenAt(RECORDS + 1, "says something else");
        superuser("DELETE FROM audit_event WHERE tenant_id = '" + tenant + "' AND actor_username = 'nobody'");
        assertIntact();
    }

    @Test
    void aRowInsertedBehindTheApplicationIsFoundOnceSealed() throws Exception {
        sealedAsNext("INSERT INTO audit_event (tenant_id, actor_username, action, outcome) VALUES ('" + tenant
                + "', 'nobody', 'read', 200)");
        try {
            assertBrokenAt(RECORDS + 1, "not written by the application");
        } finally {
            removeNewest();
        }
        assertIntact();
    }

    @Test
    void aCopyOfAGenuineRecordIsFound() throws Exception {
        sealedAsNext("INSERT INTO audit_event (" + CONTENT + ", mac) SELECT nextval('audit_event_id_seq')"
                + CONTENT.substring("id".length()) + ", mac FROM audit_event"
                + " WHERE tenant_id = '" + tenant + "' AND chain_seq = 2");
        try {
            assertBrokenAt(RECORDS + 1, "copy of an earlier record");
        } finally {
            removeNewest();
        }
        assertIntact();
    }

    @Test
    void aChainCutShortWithItsHeadMovedBackIsFoundByItsSignedCheckpoint() throws Exception {
        String where = " WHERE tenant_id = '" + tenant + "' AND chain_seq > 4";
        superuser("CREATE TABLE cut_probe AS SELECT * FROM audit_event" + where);
        try {
            superuser("DELETE FROM audit_event" + where);
            superuser("UPDATE audit_chain_head SET last_seq = 4, last_hash = (SELECT hash FROM audit_event WHERE"
                    + " tenant_id = '" + tenant + "' AND chain_seq = 4) WHERE chain = '" + tenant + "'");
            assertBrokenAt(5, "ends before its head signed at");
        } finally {
            superuser("INSERT INTO audit_event SELECT * FROM cut_probe");
            superuser("DROP TABLE cut_probe");
            moveHeadTo(RECORDS);
        }
        assertIntact();
    }

    @Test
    void aForgedCheckpointIsFound() throws Exception {
        String where = " WHERE chain = '" + tenant + "' AND last_seq = " + RECORDS;
        superuser("CREATE TABLE checkpoint_probe AS SELECT * FROM audit_checkpoint" + where);
        try {
            superuser("UPDATE audit_checkpoint SET signed_at = signed_at - interval '1 day'" + where);
            assertBrokenAt(RECORDS, "not signed by the audit signing key");
        } finally {
            superuser("DELETE FROM audit_checkpoint" + where);
            superuser("INSERT INTO audit_checkpoint SELECT * FROM checkpoint_probe");
            superuser("DROP TABLE checkpoint_probe");
        }
        assertIntact();
    }

    @Test
    void theCommandLineVerificationFindsTheSameAsTheApi() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AuditKeys keys = AuditVerifyCommand.keysFrom(RunningStack.stack().keys().environment());
        try (Connection db = StackDatabase.superuser()) {
            assertEquals(0, AuditVerifyCommand.verify(db, Optional.of(tenant), keys, new PrintStream(printed, true,
                    StandardCharsets.UTF_8)));
            superuser("UPDATE audit_event SET outcome = 200 WHERE tenant_id = '" + tenant + "' AND chain_seq = 5");
            try {
                assertEquals(1, AuditVerifyCommand.verify(db, Optional.of(tenant), keys, new PrintStream(printed,
                        true, StandardCharsets.UTF_8)));
            } finally {
                superuser("UPDATE audit_event SET outcome = 403 WHERE tenant_id = '" + tenant + "' AND chain_seq = 5");
            }
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains(tenant + ": " + RECORDS + " sealed, 0 not yet sealed, signed through " + RECORDS
                + ", intact"), output);
        assertTrue(output.contains("BROKEN at 5"), output);
        assertIntact();
    }

    @Test
    void onlyAuditorsOfTheTenantOrThePlatformVerify() throws Exception {
        assertEquals(404, call("GET", "/audit/verify?tenant=" + tenant, null, Tokens.staff("auditor.general"))
                .statusCode());
        HttpResponse<String> own = call("GET", "/audit/verify", null, Tokens.staff("auditor.general"));
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("general-hospital", JSON.readTree(own.body()).get("chain").asText());
        assertEquals(403, call("GET", "/audit/verify", null, Tokens.staff("clinician.general")).statusCode());
    }

    /** Runs a superuser's INSERT of one record and waits until the sealer has linked it into the chain. */
    private static void sealedAsNext(String insert) throws Exception {
        superuser(insert);
        Instant deadline = Instant.now().plusSeconds(30);
        while (!String.valueOf(RECORDS + 1).equals(superuser("SELECT last_seq FROM audit_chain_head WHERE chain = '"
                + tenant + "'")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
    }

    /** Takes a record sealed after the probe's own ones out again, with any checkpoint signed over it. */
    private static void removeNewest() throws SQLException {
        superuser("DELETE FROM audit_checkpoint WHERE chain = '" + tenant + "' AND last_seq > " + RECORDS);
        moveHeadTo(RECORDS);
        superuser("DELETE FROM audit_event WHERE tenant_id = '" + tenant + "' AND chain_seq > " + RECORDS);
    }

    private static void moveHeadTo(long seq) throws SQLException {
        superuser("UPDATE audit_chain_head SET last_seq = " + seq + ", checkpoint_seq = least(checkpoint_seq, " + seq
                + "), last_hash = (SELECT hash FROM audit_event WHERE tenant_id = '" + tenant + "' AND chain_seq = "
                + seq + ") WHERE chain = '" + tenant + "'");
    }

    /** Swaps the places of records 2 and 3 (through a free place, the index being unique). */
    private static void swap() throws SQLException {
        String where = "WHERE tenant_id = '" + tenant + "' AND chain_seq = ";
        superuser("UPDATE audit_event SET chain_seq = -2 " + where + "2");
        superuser("UPDATE audit_event SET chain_seq = 2 " + where + "3");
        superuser("UPDATE audit_event SET chain_seq = 3 " + where + "-2");
    }

    private static void assertBrokenAt(long place, String problem) throws Exception {
        JsonNode verification = verify();
        assertEquals(place, verification.get("brokenAt").asLong(), verification.toString());
        assertTrue(verification.get("problem").asText().contains(problem), verification.toString());
    }

    private static void assertIntact() throws Exception {
        JsonNode verification = verify();
        assertTrue(verification.get("brokenAt") == null || verification.get("brokenAt").isNull(),
                verification.toString());
        assertEquals(RECORDS, verification.get("sealedRecords").asLong(), verification.toString());
        assertEquals(RECORDS, verification.get("signedThrough").asLong(), verification.toString());
    }

    private static JsonNode verify() throws Exception {
        HttpResponse<String> verified = call("GET", "/audit/verify?tenant=" + tenant, null, platform());
        assertEquals(200, verified.statusCode(), verified.body());
        return JSON.readTree(verified.body());
    }

    /** Runs SQL as a superuser with triggers off — what an attacker with database access could do. */
    private static String superuser(String sql) throws SQLException {
        try (Connection db = StackDatabase.superuser(); Statement statement = db.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
            return null;
        }
    }

    private static String platform() {
        return Tokens.staff("platform.admin");
    }
}
