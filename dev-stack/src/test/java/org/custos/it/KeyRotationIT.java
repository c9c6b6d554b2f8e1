package org.custos.it;

import static org.custos.it.CryptoAdmin.count;
import static org.custos.it.StackDatabase.superuser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.custos.devstack.Artifacts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data-key rotation online: a new primary key applies to writes at once after a reload; the re-encryption job re-seals
 * every row under it — including plain rows written before encryption existed — while the server keeps serving, and
 * afterwards the old key can be disabled with every row still readable.
 */
@ExtendWith(RunningStack.class)
class KeyRotationIT {

    private static final Logger LOG = Logger.getLogger(KeyRotationIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    static String create(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        return Fhir.clientWithToken(Tokens.client("ehr-system")).create().resource(patient).execute().getId().getIdPart();
    }

    static void assertReads(String id, String family) {
        HttpResponse<String> read = Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system"));
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains(family));
    }

    private static byte[] sealedOf(String id) throws SQLException {
        try (Connection db = superuser(); PreparedStatement select = db.prepareStatement("SELECT v.resource_sealed"
                + " FROM fhir_resource_version v JOIN fhir_resource r ON r.pk = v.resource_pk WHERE r.resource_id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        }
    }

    private static long rowsNotOn(int keyId) throws SQLException {
        return rowsNotOn(keyId, "fhir_resource_version", "resource_sealed");
    }

    private static long rowsNotOn(int keyId, String table, String column) throws SQLException {
        return count("SELECT count(*) FROM " + table + " WHERE " + column + " IS NOT NULL AND substring(" + column
                + " from 1 for 5) <> '" + String.format("\\x01%08x", keyId) + "'::bytea");
    }

    /** A break-the-glass grant on the patient, acknowledged: its reason and comment are sealed. */
    private static String brokenGlassReviewed(String patient) throws Exception {
        HttpResponse<String> granted = AdminCalls.callWithHeaders("POST", "/break-glass", "{\"patient\":\"" + patient
                + "\",\"reason\":\"Rotation probe: unconscious\"}", Tokens.staff("clinician.general"),
                "X-Purpose-Of-Use", "ETREAT");
        assertEquals(201, granted.statusCode(), granted.body());
        String grant = JSON.readTree(granted.body()).get("id").asText();
        HttpResponse<String> reviewed = AdminCalls.call("POST", "/break-glass/" + grant + "/acknowledge",
                "{\"comment\":\"Rotation probe: justified\"}", Tokens.staff("privacy-officer.general"));
        assertEquals(200, reviewed.statusCode(), reviewed.body());
        return grant;
    }

    private static JsonNode reviewedGrant(String grant) throws Exception {
        HttpResponse<String> queue = AdminCalls.call("GET", "/break-glass?state=all&max=200", null,
                Tokens.staff("privacy-officer.general"));
        assertEquals(200, queue.statusCode(), queue.body());
        for (JsonNode entry : JSON.readTree(queue.body())) {
            if (grant.equals(entry.get("id").asText())) {
                return entry;
            }
        }
        throw new AssertionError("grant " + grant + " is not in the review queue");
    }

    @Test
    void newPrimaryKeyAppliesAtOnceAndTheJobResealsOldAndPlainRowsAndBlindsTheirIndexWithoutLosingAny() throws Exception {
        Instant started = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        String onFirstKey = create("Rotationfirst");
        String grant = brokenGlassReviewed(onFirstKey);
        String ehr = Tokens.client("ehr-system");
        JsonNode export = BulkExports.awaitManifest(BulkExports.kickOff("/fhir/$export?_type=Patient&_since="
                + started, ehr), ehr);
        String plain = create("Rotationplain");
        String storedJson = Fhir.get("/fhir/Patient/" + plain, Tokens.client("ehr-system")).body();
        try (Connection db = superuser(); PreparedStatement legacy = db.prepareStatement("UPDATE fhir_resource_version"
                + " SET resource_json = ?, resource_sealed = NULL WHERE resource_pk = (SELECT pk FROM fhir_resource"
                + " WHERE resource_id = ?)")) {
            legacy.setString(1, storedJson);
            legacy.setString(2, plain);
            assertEquals(1, legacy.executeUpdate());
            // Its index as it was before blind indexes: plain values, no index key recorded.
            db.createStatement().executeUpdate("DELETE FROM fhir_search_string WHERE resource_pk = (SELECT pk FROM"
                    + " fhir_resource WHERE resource_id = '" + plain + "')");
            db.createStatement().executeUpdate("INSERT INTO fhir_search_string (tenant_id, resource_pk, param_name,"
                    + " value_normalized, value_exact) SELECT tenant_id, pk, 'family', 'rotationplain', 'Rotationplain'"
                    + " FROM fhir_resource WHERE resource_id = '" + plain + "'");
            db.createStatement().executeUpdate("UPDATE fhir_resource SET index_key = NULL WHERE resource_id = '"
                    + plain + "'");
        }
        assertReads(plain, "Rotationplain");
        assertEquals(0, Fhir.total("Patient?family=rotationplain"), "a plain index row is not found by blind search");
        JsonNode before = CryptoAdmin.json("GET", "/keys");
        assertTrue(before.get("unsealedRows").asLong() >= 1 && before.get("resourcesToIndexAgain").asLong() >= 1,
                before.toString());

        int firstKey = CryptoAdmin.keyset("data").getPrimary().getId();
        KeysetHandle rotated = CryptoAdmin.addPrimary("data", PredefinedAeadParameters.AES256_GCM);
        int newKey = rotated.getPrimary().getId();
        JsonNode reloaded = CryptoAdmin.reload();
        assertTrue(CryptoAdmin.key(reloaded, "data", Integer.toUnsignedLong(newKey)).get("primary").asBoolean(), reloaded.toString());
        String onNewKey = create("Rotationnew");
        assertEquals(newKey, ByteBuffer.wrap(sealedOf(onNewKey), 1, 4).getInt(), "new writes use the new primary at once");
        assertReads(onFirstKey, "Rotationfirst");
        assertTrue(CryptoAdmin.key(CryptoAdmin.json("GET", "/keys"), "data", Integer.toUnsignedLong(firstKey))
                .get("rows").asLong() >= 1, "rows under the old key are counted before it may be disabled");

        JsonNode status = CryptoAdmin.reencrypt();
        assertEquals(0, status.get("rowsFailed").asLong());
        assertEquals(100.0, status.get("percentDone").asDouble());
        assertTrue(status.get("rowsResealed").asLong() >= 2, status.toString());
        assertTrue(status.get("rowsReindexed").asLong() >= 1, status.toString());
        assertEquals(0, count("SELECT count(*) FROM fhir_resource_version WHERE resource_json IS NOT NULL"),
                "no plain row is left");
        assertEquals(1, Fhir.total("Patient?family=rotationplain"), "its index rows are blind indexes now");
        assertEquals(0, count("SELECT count(*) FROM fhir_search_string WHERE value_exact = 'Rotationplain'"),
                "no plain index value is left");
        assertEquals(0, rowsNotOn(newKey), "every row is on the new key");
        assertEquals(0, rowsNotOn(newKey, "break_glass_grant", "reason_sealed"), "grant reasons too");
        assertEquals(0, rowsNotOn(newKey, "break_glass_grant", "review_comment_sealed"), "review comments too");
        assertEquals(0, rowsNotOn(newKey, "fhir_export_file", "content_sealed"), "export files too");
        JsonNode after = CryptoAdmin.json("GET", "/keys");
        assertEquals(0, CryptoAdmin.key(after, "data", Integer.toUnsignedLong(firstKey)).get("rows").asLong());
        assertEquals(0, after.get("unsealedRows").asLong());
        assertEquals(0, after.get("resourcesToIndexAgain").asLong());

        CryptoAdmin.setStatus("data", firstKey, KeyStatus.DISABLED);
        JsonNode disabled = CryptoAdmin.reload();
        assertEquals("DISABLED", CryptoAdmin.key(disabled, "data", Integer.toUnsignedLong(firstKey)).get("status").asText());
        assertReads(onFirstKey, "Rotationfirst");
        assertReads(plain, "Rotationplain");
        assertReads(onNewKey, "Rotationnew");
        JsonNode reviewed = reviewedGrant(grant);
        assertEquals("Rotation probe: unconscious", reviewed.get("reason").asText(), "grant reasons are sealed again");
        assertEquals("Rotation probe: justified", reviewed.get("reviewComment").asText());
        assertTrue(BulkExports.download(export, "Patient", ehr).stream()
                .anyMatch(patient -> patient.getIdElement().getIdPart().equals(onFirstKey)), "export files too");
    }

    /**
     * Disabling a key that rows still need is reported — in the key inventory, in the log, and on the read that
     * fails — rather than leaving the rows silently unreadable; enabling it again makes them readable again.
     */
    @Test
    void rowsStillUnderADisabledKeyAreReportedNotSilentlyUnreadable() throws Exception {
        String id = create("Strandedkey");
        int key = ByteBuffer.wrap(sealedOf(id), 1, 4).getInt();
        CryptoAdmin.addPrimary("data", PredefinedAeadParameters.AES256_GCM);
        CryptoAdmin.setStatus("data", key, KeyStatus.DISABLED);
        try {
            JsonNode inventory = CryptoAdmin.reload();
            JsonNode stranded = CryptoAdmin.key(inventory, "data", Integer.toUnsignedLong(key));
            assertEquals("DISABLED", stranded.get("status").asText());
            assertTrue(stranded.get("rows").asLong() >= 1, stranded.toString());
            HttpResponse<String> read = Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system"));
            assertEquals(500, read.statusCode());
            assertTrue(!read.body().contains("Strandedkey") && read.body().contains("OperationOutcome"), read.body());
            String log = Files.readString(RunningStack.settings().logDir().resolve("payara-micro.log"));
            assertTrue(log.contains("export files) are sealed under data key " + Integer.toUnsignedLong(key)
                    + ", which is DISABLED: they cannot be read"), "the reload warns");
            assertTrue(log.contains("(key id " + Integer.toUnsignedLong(key) + ") did not open; its key is not enabled"
                    + " in the data keyset"), "the failed read says why");
        } finally {
            CryptoAdmin.setStatus("data", key, KeyStatus.ENABLED);
            CryptoAdmin.reload();
        }
        assertReads(id, "Strandedkey");
    }

    /**
     * A job that was running when the server died by SIGKILL resumes when the server starts again, after its last
     * committed batch: every row ends on the new key, none is counted twice or lost.
     */
    @Test
    void jobRunningWhenTheServerIsKilledResumesAfterRestartWithNoRowLost() throws Exception {
        Bundle many = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 1500; i++) {
            Patient patient = new Patient();
            patient.addName().setFamily("Resume" + i);
            many.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }
        Fhir.clientWithToken(Tokens.client("ehr-system")).transaction().withBundle(many).execute();
        KeysetHandle rotated = CryptoAdmin.addPrimary("data", PredefinedAeadParameters.AES256_GCM);

        CryptoAdmin.json("POST", "/reencryption");
        JsonNode paused = CryptoAdmin.json("POST", "/reencryption/pause");
        assertEquals("PAUSED", paused.get("state").asText(), "paused before it was done: " + paused);
        try (Connection db = superuser()) {
            // As the server left it had it died while running: the state says RUNNING.
            db.createStatement().executeUpdate("UPDATE crypto_reencryption_job SET state = 'RUNNING'"
                    + " WHERE id = " + paused.get("id").asLong());
        }
        RunningStack.stack().crashAndRestartApplication(Artifacts.fromBuild());

        JsonNode status = CryptoAdmin.awaitDone(CryptoAdmin.json("GET", "/reencryption"));
        assertEquals(status.get("rowsTotal").asLong(), status.get("rowsDone").asLong(), "no row lost or counted twice");
        LOG.info(() -> "re-encryption after restart: " + status.get("rowsDone").asLong() + " rows at "
                + Math.round(status.get("rowsPerSecond").asDouble()) + " rows/s");
        assertEquals(0, status.get("rowsFailed").asLong());
        assertEquals(0, rowsNotOn(rotated.getPrimary().getId()), "every row is on the new key");
        assertReads(Fhir.clientWithToken(Tokens.client("ehr-system")).search().byUrl("Patient?family=Resume1499")
                .returnBundle(Bundle.class).execute().getEntryFirstRep().getResource().getIdElement().getIdPart(),
                "Resume1499");
    }

    @Test
    void keysAreListedWithTheirAgeAndAnOldPrimaryIsReportedDueForRotation() throws Exception {
        JsonNode inventory = CryptoAdmin.json("GET", "/keys");
        JsonNode dataPrimary = null;
        for (JsonNode key : inventory.get("keys")) {
            assertTrue(key.get("keyId").asLong() > 0 && !key.has("key") && !key.has("material"), key.toString());
            if ("data".equals(key.get("keyset").asText()) && key.get("primary").asBoolean()) {
                dataPrimary = key;
            }
        }
        assertTrue(dataPrimary != null && !dataPrimary.get("rotationDue").asBoolean(), inventory.toString());
        long keyId = dataPrimary.get("keyId").asLong();
        try (Connection db = superuser()) {
            db.createStatement().executeUpdate("UPDATE crypto_key SET first_seen = now() - interval '100 days'"
                    + " WHERE keyset = 'data' AND key_id = " + keyId);
        }
        JsonNode aged = CryptoAdmin.key(CryptoAdmin.reload(), "data", keyId);
        assertEquals(100, aged.get("ageDays").asLong());
        assertTrue(aged.get("rotationDue").asBoolean());
        String log = Files.readString(RunningStack.settings().logDir().resolve("payara-micro.log"));
        assertTrue(log.contains("The primary data key " + keyId + " is 100 days old (rotation interval 90 days)"));
        try (Connection db = superuser()) {
            db.createStatement().executeUpdate("UPDATE crypto_key SET first_seen = now()");
        }
    }

    @Test
    void onlyAdministratorsRunTheJob() throws Exception {
        HttpResponse<String> refused = CryptoAdmin.call("POST", "/reencryption", Tokens.client("ehr-system"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"status\":403"), refused.body());
    }
}
