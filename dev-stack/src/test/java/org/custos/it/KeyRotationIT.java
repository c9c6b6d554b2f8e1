package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.custos.devstack.EmbeddedDatabase;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key rotation online: a new primary key applies to writes at once after a reload; the re-encryption job re-seals
 * every row under it — including plain rows written before encryption existed — while the server keeps serving, and
 * afterwards the old key can be disabled with every row still readable.
 */
@ExtendWith(RunningStack.class)
class KeyRotationIT {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(KeyRotationIT.class.getName());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String create(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        return Fhir.clientWithToken(Tokens.client("ehr-system")).create().resource(patient).execute().getId().getIdPart();
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(RunningStack.stack().database().jdbcUrl(EmbeddedDatabase.APP_DATABASE),
                "postgres", "");
    }

    private static HttpResponse<String> admin(String method, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + "/api/admin/crypto" + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
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

    private static long count(String where) throws SQLException {
        try (Connection db = superuser(); ResultSet row = db.createStatement().executeQuery(
                "SELECT count(*) FROM fhir_resource_version WHERE " + where)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void writeKeyset(Path file, KeysetHandle keyset) throws Exception {
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
    }

    private static void assertReads(String id, String family) {
        HttpResponse<String> read = Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system"));
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains(family));
    }

    @Test
    void newPrimaryKeyAppliesAtOnceAndTheJobResealsOldAndPlainRowsAndBlindsTheirIndexWithoutLosingAny() throws Exception {
        AeadConfig.register();
        String admin = Tokens.staff("admin.general");
        String onFirstKey = create("Rotationfirst");
        String plain = create("Rotationplain");
        String storedJson = Fhir.get("/fhir/Patient/" + plain, Tokens.client("ehr-system")).body();
        try (Connection db = superuser(); PreparedStatement legacy = db.prepareStatement("UPDATE fhir_resource_version"
                + " SET resource_json = ?, resource_sealed = NULL WHERE resource_pk = (SELECT pk FROM fhir_resource"
                + " WHERE resource_id = ?)")) {
            legacy.setString(1, storedJson);
            legacy.setString(2, plain);
            assertEquals(1, legacy.executeUpdate());
            // Its index as it was before blind indexes: plain values.
            db.createStatement().executeUpdate("DELETE FROM fhir_search_string WHERE resource_pk = (SELECT pk FROM"
                    + " fhir_resource WHERE resource_id = '" + plain + "')");
            db.createStatement().executeUpdate("INSERT INTO fhir_search_string (tenant_id, resource_pk, param_name,"
                    + " value_normalized, value_exact) SELECT tenant_id, pk, 'family', 'rotationplain', 'Rotationplain'"
                    + " FROM fhir_resource WHERE resource_id = '" + plain + "'");
        }
        assertReads(plain, "Rotationplain");
        assertEquals(0, Fhir.total("Patient?family=rotationplain"), "a plain index row is not found by blind search");

        Path file = RunningStack.stack().keys().dataKeyset();
        KeysetHandle first = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
        KeysetHandle rotated = KeysetHandle.newBuilder(first).addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build();
        writeKeyset(file, rotated);
        assertEquals(204, admin("POST", "/keys/reload", admin).statusCode());
        int newKey = rotated.getPrimary().getId();
        String onNewKey = create("Rotationnew");
        assertEquals(newKey, ByteBuffer.wrap(sealedOf(onNewKey), 1, 4).getInt(), "new writes use the new primary at once");
        assertReads(onFirstKey, "Rotationfirst");

        HttpResponse<String> started = admin("POST", "/reencryption", admin);
        assertEquals(202, started.statusCode(), started.body());
        JsonNode status = JSON.readTree(started.body());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!"DONE".equals(status.get("state").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = JSON.readTree(admin("GET", "/reencryption", admin).body());
        }
        assertEquals("DONE", status.get("state").asText(), status.toString());
        assertEquals(0, status.get("rowsFailed").asLong());
        assertEquals(100.0, status.get("percentDone").asDouble());
        assertTrue(status.get("rowsResealed").asLong() >= 2, status.toString());
        assertEquals(0, count("resource_json IS NOT NULL"), "no plain row is left");
        assertEquals(1, Fhir.total("Patient?family=rotationplain"), "its index rows are blind indexes now");
        try (Connection db = superuser(); ResultSet plainIndex = db.createStatement().executeQuery(
                "SELECT count(*) FROM fhir_search_string WHERE value_exact = 'Rotationplain'")) {
            plainIndex.next();
            assertEquals(0, plainIndex.getLong(1), "no plain index value is left");
        }
        String newPrefix = String.format("\\x01%08x", newKey);
        assertEquals(0, count("resource_sealed IS NOT NULL AND substring(resource_sealed from 1 for 5) <> '"
                + newPrefix + "'::bytea"), "every row is on the new key");

        KeysetHandle.Builder disabling = KeysetHandle.newBuilder(rotated); // same order as rotated
        for (int i = 0; i < disabling.size(); i++) {
            if (rotated.getAt(i).getId() == first.getPrimary().getId()) {
                disabling.getAt(i).setStatus(KeyStatus.DISABLED);
            }
        }
        writeKeyset(file, disabling.build());
        assertEquals(204, admin("POST", "/keys/reload", admin).statusCode());
        assertReads(onFirstKey, "Rotationfirst");
        assertReads(plain, "Rotationplain");
        assertReads(onNewKey, "Rotationnew");
    }

    /**
     * A job that was running when the server died by SIGKILL resumes when the server starts again, after its last
     * committed batch: every row ends on the new key, none is counted twice or lost.
     */
    @Test
    void jobRunningWhenTheServerIsKilledResumesAfterRestartWithNoRowLost() throws Exception {
        AeadConfig.register();
        String admin = Tokens.staff("admin.general");
        org.hl7.fhir.r4.model.Bundle many = new org.hl7.fhir.r4.model.Bundle()
                .setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 1500; i++) {
            Patient patient = new Patient();
            patient.addName().setFamily("Resume" + i);
            many.addEntry().setResource(patient).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
                    .setUrl("Patient");
        }
        Fhir.clientWithToken(Tokens.client("ehr-system")).transaction().withBundle(many).execute();
        Path file = RunningStack.stack().keys().dataKeyset();
        KeysetHandle rotated = KeysetHandle.newBuilder(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file),
                InsecureSecretKeyAccess.get())).addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build();
        writeKeyset(file, rotated);

        assertEquals(202, admin("POST", "/reencryption", admin).statusCode());
        JsonNode paused = JSON.readTree(admin("POST", "/reencryption/pause", admin).body());
        assertEquals("PAUSED", paused.get("state").asText(), "paused before it was done: " + paused);
        try (Connection db = superuser()) {
            // As the server left it had it died while running: the state says RUNNING.
            db.createStatement().executeUpdate("UPDATE crypto_reencryption_job SET state = 'RUNNING'"
                    + " WHERE id = " + paused.get("id").asLong());
        }
        RunningStack.stack().crashAndRestartApplication(org.custos.devstack.Artifacts.fromBuild());

        JsonNode status = JSON.readTree(admin("GET", "/reencryption", admin).body());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!"DONE".equals(status.get("state").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = JSON.readTree(admin("GET", "/reencryption", admin).body());
        }
        assertEquals("DONE", status.get("state").asText(), status.toString());
        assertEquals(status.get("rowsTotal").asLong(), status.get("rowsDone").asLong(), "no row lost or counted twice");
        JsonNode done = status;
        LOG.info(() -> "re-encryption after restart: " + done.get("rowsDone").asLong() + " rows at "
                + Math.round(done.get("rowsPerSecond").asDouble()) + " rows/s");
        assertEquals(0, status.get("rowsFailed").asLong());
        assertEquals(0, count("resource_sealed IS NOT NULL AND substring(resource_sealed from 1 for 5) <> '"
                + String.format("\\x01%08x", rotated.getPrimary().getId()) + "'::bytea"), "every row is on the new key");
        assertReads(Fhir.clientWithToken(Tokens.client("ehr-system")).search().byUrl("Patient?family=Resume1499")
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute().getEntryFirstRep().getResource()
                .getIdElement().getIdPart(), "Resume1499");
    }

    @Test
    void keysAreListedWithTheirAgeAndAnOldPrimaryIsReportedDueForRotation() throws Exception {
        String admin = Tokens.staff("admin.general");
        JsonNode keys = JSON.readTree(admin("GET", "/keys", admin).body());
        JsonNode dataPrimary = null;
        for (JsonNode key : keys) {
            assertTrue(key.get("keyId").asLong() > 0 && !key.has("key") && !key.has("material"), key.toString());
            if ("data".equals(key.get("keyset").asText()) && key.get("primary").asBoolean()) {
                dataPrimary = key;
            }
        }
        assertTrue(dataPrimary != null && !dataPrimary.get("rotationDue").asBoolean(), keys.toString());
        try (Connection db = superuser()) {
            db.createStatement().executeUpdate("UPDATE crypto_key SET first_seen = now() - interval '100 days'"
                    + " WHERE keyset = 'data' AND key_id = " + dataPrimary.get("keyId").asLong());
        }
        assertEquals(204, admin("POST", "/keys/reload", admin).statusCode());
        JsonNode aged = null;
        for (JsonNode key : JSON.readTree(admin("GET", "/keys", admin).body())) {
            if (key.get("keyId").asLong() == dataPrimary.get("keyId").asLong()) {
                aged = key;
            }
        }
        assertEquals(100, aged.get("ageDays").asLong());
        assertTrue(aged.get("rotationDue").asBoolean());
        String log = Files.readString(RunningStack.settings().logDir().resolve("payara-micro.log"));
        assertTrue(log.contains("The primary data key " + dataPrimary.get("keyId").asLong() + " is 100 days old"
                + " (rotation interval 90 days)"));
        try (Connection db = superuser()) {
            db.createStatement().executeUpdate("UPDATE crypto_key SET first_seen = now()");
        }
    }

    @Test
    void onlyAdministratorsRunTheJob() throws Exception {
        HttpResponse<String> refused = admin("POST", "/reencryption", Tokens.client("ehr-system"));
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"status\":403"), refused.body());
    }
}
