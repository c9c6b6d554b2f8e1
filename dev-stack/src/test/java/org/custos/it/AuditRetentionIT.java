package org.custos.it;

import static org.custos.it.AdminCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.audit.AuditRecord;
import org.custos.audit.AuditVerifyCommand;
import org.custos.audit.RequestOrigin;
import org.custos.crypto.AuditKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;

/**
 * The retention purge on a tenant whose chain starts with five records written seven years ago (the test plays the
 * application of then: it writes them with the application's canonical form and MAC key) followed by three of today:
 * the purge removes the old five up to their signed checkpoint, the rest still verifies from that anchor, and the
 * database itself refuses to purge records younger than six years.
 */
@ExtendWith(RunningStack.class)
class AuditRetentionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Retention-Probe-4!";
    private static final int OLD = 5;
    private static final int NEW = 3;
    private static String tenant;

    @BeforeAll
    static void aChainOfSevenYearOldRecordsFollowedByTodaysSignedThroughBoth() throws Exception {
        tenant = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, call("POST", "/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Retention Probe\"}",
                platform()).statusCode());
        writeRecordsOfSevenYearsAgo();
        awaitVerification(OLD, OLD);
        String username = "member." + tenant;
        try (Keycloak keycloak = KeycloakAdmin.connect()) {
            KeycloakAdmin.createUser(KeycloakAdmin.hospital(keycloak), username, PASSWORD, "/" + tenant);
        }
        String token = Tokens.requestToken(Tokens.passwordForm(username, PASSWORD)).body().get("access_token").asText();
        for (int i = 0; i < NEW; i++) {
            assertEquals(403, Fhir.get("/fhir/Patient?family=Retentionprobe", token).statusCode());
        }
        awaitVerification(OLD + NEW, OLD + NEW);
    }

    @Test
    void thePurgeRemovesTheExpiredRecordsUpToACheckpointAndTheRestStillVerifies() throws Exception {
        HttpResponse<String> purged = call("POST", "/audit/purge?tenant=" + tenant, null, platform());
        assertEquals(200, purged.statusCode(), purged.body());
        JsonNode result = JSON.readTree(purged.body());
        assertEquals(OLD, result.get("purgedThrough").asLong(), result.toString());
        assertEquals(OLD, result.get("purgedRecords").asLong(), result.toString());
        assertEquals(0, CryptoAdmin.count("SELECT count(*) FROM audit_event WHERE tenant_id = '" + tenant
                + "' AND recorded_at < now() - interval '6 years'"));

        JsonNode verification = verify();
        assertTrue(verification.get("brokenAt") == null || verification.get("brokenAt").isNull(),
                verification.toString());
        assertEquals(OLD, verification.get("purgedThrough").asLong());
        assertEquals(NEW, verification.get("sealedRecords").asLong());
        AuditKeys keys = AuditVerifyCommand.keysFrom(RunningStack.stack().keys().environment());
        try (Connection db = StackDatabase.superuser()) {
            assertEquals(0, AuditVerifyCommand.verify(db, Optional.of(tenant), keys, System.out),
                    "the command line verifies from the anchor too");
        }

        JsonNode again = JSON.readTree(call("POST", "/audit/purge?tenant=" + tenant, null, platform()).body());
        assertEquals(0, again.get("purgedRecords").asLong(), "nothing else is due");
        assertEquals(403, call("POST", "/audit/purge?tenant=" + tenant, null, Tokens.staff("auditor.general"))
                .statusCode());
    }

    @Test
    void theDatabaseRefusesToPurgeRecordsYoungerThanSixYears() throws Exception {
        try (Connection app = StackDatabase.applicationRole()) {
            SQLException deletion = assertThrows(SQLException.class, () -> app.createStatement().executeUpdate(
                    "DELETE FROM audit_event WHERE tenant_id = '" + tenant + "' AND chain_seq = " + (OLD + NEW)));
            assertTrue(deletion.getMessage().contains("append-only"), deletion.getMessage());
            SQLException anchor = assertThrows(SQLException.class, () -> app.createStatement().executeUpdate(
                    "INSERT INTO audit_purge (chain, through_seq, through_hash, checkpoint_id, records) SELECT chain,"
                            + " last_seq, last_hash, id, 0 FROM audit_checkpoint WHERE chain = '" + tenant
                            + "' AND last_seq = " + (OLD + NEW)));
            assertTrue(anchor.getMessage().contains("six years"), anchor.getMessage());
        }
    }

    /**
     * Five records of a read seven years ago, as the application wrote them then: its canonical content and its MAC
     * key (the dev stack's), inserted unsealed for the sealer to link.
     */
    private static void writeRecordsOfSevenYearsAgo() throws Exception {
        AuditKeys keys = AuditVerifyCommand.keysFrom(RunningStack.stack().keys().environment());
        Method content = Class.forName("org.custos.audit.RecordDigest").getDeclaredMethod("macContent",
                AuditRecord.class, RequestOrigin.class, Instant.class);
        content.setAccessible(true);
        Instant then = Instant.now().minus(Duration.ofDays(7 * 365)).truncatedTo(ChronoUnit.MICROS);
        try (Connection db = StackDatabase.superuser(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO audit_event (tenant_id, actor_subject, actor_username, actor_client, actor_roles, action,"
                        + " resource_type, resource_id, outcome, source_ip, user_agent, request_id, request_method,"
                        + " request_path, recorded_at, mac) VALUES (?, 'old-subject', 'old.clinician', 'custos-cli',"
                        + " 'clinician', 'read', 'Patient', ?, 200, '10.0.0.7', 'old-ehr', ?, 'GET', ?, ?, ?)")) {
            for (int i = 0; i < OLD; i++) {
                Instant at = then.plusSeconds(i);
                String id = "old-" + i;
                AuditRecord record = new AuditRecord(Optional.of(tenant), "old-subject", "old.clinician", "custos-cli",
                        "clinician", "read", "Patient", id, null, List.of(), 200, Optional.empty());
                RequestOrigin origin = new RequestOrigin();
                origin.set("old-request-" + i, "10.0.0.7", "old-ehr", "GET", "/fhir/Patient/" + id);
                insert.setString(1, tenant);
                insert.setString(2, id);
                insert.setString(3, "old-request-" + i);
                insert.setString(4, "/fhir/Patient/" + id);
                insert.setObject(5, at.atOffset(ZoneOffset.UTC));
                insert.setBytes(6, keys.macOf((byte[]) content.invoke(null, record, origin, at)));
                insert.executeUpdate();
            }
        }
    }

    /** Waits until the chain has this many records (after any purge) and is signed through {@code signed}. */
    private static void awaitVerification(long records, long signed) throws Exception {
        Instant deadline = Instant.now().plusSeconds(40);
        JsonNode verification = verify();
        while ((verification.get("sealedRecords").asLong() < records
                || verification.get("signedThrough").asLong() < signed) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            verification = verify();
        }
        assertEquals(signed, verification.get("signedThrough").asLong(), verification.toString());
        assertTrue(verification.get("brokenAt") == null || verification.get("brokenAt").isNull(),
                verification.toString());
    }

    private static JsonNode verify() throws Exception {
        HttpResponse<String> verified = call("GET", "/audit/verify?tenant=" + tenant, null, platform());
        assertEquals(200, verified.statusCode(), verified.body());
        return JSON.readTree(verified.body());
    }

    private static String platform() {
        return Tokens.staff("platform.admin");
    }
}
