package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;

/**
 * What the key-rotation tests do as an operator would: change the stack's keyset files, call {@code
 * /api/admin/crypto} as an administrator, and look at the stored rows as the database superuser.
 */
final class CryptoAdmin {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private CryptoAdmin() {
    }

    static HttpResponse<String> call(String method, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(RunningStack.settings().appUrl() + "/api/admin/crypto" + path))
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String method, String path) throws Exception {
        HttpResponse<String> response = call(method, path, Tokens.staff("platform.admin"));
        assertEquals(path.equals("/reencryption") && method.equals("POST") ? 202 : 200, response.statusCode(),
                response.body());
        return JSON.readTree(response.body());
    }

    /** Reloads the keysets; answers the key inventory. */
    static JsonNode reload() throws Exception {
        return json("POST", "/keys/reload");
    }

    /** Starts (or resumes) the re-encryption job and waits until it is done. */
    static JsonNode reencrypt() throws Exception {
        return awaitDone(json("POST", "/reencryption"));
    }

    static JsonNode awaitDone(JsonNode status) throws Exception {
        JsonNode current = status;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!"DONE".equals(current.get("state").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            current = json("GET", "/reencryption");
        }
        assertEquals("DONE", current.get("state").asText(), current.toString());
        return current;
    }

    /** The inventory entry of one key. */
    static JsonNode key(JsonNode inventory, String keyset, long keyId) {
        for (JsonNode key : inventory.get("keys")) {
            if (keyset.equals(key.get("keyset").asText()) && key.get("keyId").asLong() == keyId) {
                return key;
            }
        }
        throw new AssertionError("no " + keyset + " key " + keyId + " in " + inventory);
    }

    static Path keysetFile(String keyset) {
        return "data".equals(keyset) ? RunningStack.stack().keys().dataKeyset() : RunningStack.stack().keys().indexKeyset();
    }

    static KeysetHandle keyset(String keyset) throws Exception {
        AeadConfig.register();
        PrfConfig.register();
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keysetFile(keyset)), InsecureSecretKeyAccess.get());
    }

    /** Adds a new key as primary to a keyset file (not yet reloaded); answers the new keyset. */
    static KeysetHandle addPrimary(String keyset, Parameters parameters) throws Exception {
        KeysetHandle rotated = KeysetHandle.newBuilder(keyset(keyset))
                .addEntry(KeysetHandle.generateEntryFromParameters(parameters).withRandomId().makePrimary()).build();
        write(keyset, rotated);
        return rotated;
    }

    /** Sets the status of one key in a keyset file (not yet reloaded). */
    static void setStatus(String keyset, int keyId, KeyStatus status) throws Exception {
        KeysetHandle current = keyset(keyset);
        KeysetHandle.Builder changed = KeysetHandle.newBuilder(current); // same order as current
        for (int i = 0; i < changed.size(); i++) {
            if (current.getAt(i).getId() == keyId) {
                changed.getAt(i).setStatus(status);
            }
        }
        write(keyset, changed.build());
    }

    private static void write(String keyset, KeysetHandle handle) throws Exception {
        Files.writeString(keysetFile(keyset), TinkJsonProtoKeysetFormat.serializeKeyset(handle,
                InsecureSecretKeyAccess.get()));
    }

    static long count(String sql) throws SQLException {
        try (Connection db = StackDatabase.superuser(); ResultSet row = db.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
