package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stolen database reveals no resource content: the stored JSON is sealed (checked with plain JDBC, not JPA),
 * and a ciphertext altered, moved to another row or moved to another tenant is refused with a 500 that names no
 * PHI, never returned as garbage. Tampering is done as the database superuser, as an attacker with the database
 * would.
 */
@ExtendWith(RunningStack.class)
class PhiEncryptionIT {

    private static Patient patient(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("Sealed");
        patient.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue("999-12-3456");
        return patient;
    }

    private static String create(String family, String client) {
        return Fhir.clientWithToken(Tokens.client(client)).create().resource(patient(family)).execute()
                .getId().getIdPart();
    }

    private static final String VERSION_ROW = "SELECT v.pk, v.resource_sealed, v.resource_json FROM fhir_resource_version v"
            + " JOIN fhir_resource r ON r.pk = v.resource_pk WHERE r.resource_id = ? AND r.tenant_id = ?"
            + " AND v.version_id = 1";

    private record StoredRow(long pk, byte[] sealed, String plain) {
    }

    private static StoredRow stored(String id, String tenant) throws SQLException {
        try (Connection db = StackDatabase.superuser(); PreparedStatement select = db.prepareStatement(VERSION_ROW)) {
            select.setString(1, id);
            select.setString(2, tenant);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no stored version of " + id);
                return new StoredRow(row.getLong(1), row.getBytes(2), row.getString(3));
            }
        }
    }

    private static void overwrite(long versionPk, byte[] sealed) throws SQLException {
        try (Connection db = StackDatabase.superuser();
             PreparedStatement update = db.prepareStatement("UPDATE fhir_resource_version SET resource_sealed = ? WHERE pk = ?")) {
            update.setBytes(1, sealed);
            update.setLong(2, versionPk);
            assertEquals(1, update.executeUpdate());
        }
    }

    /** Puts the original ciphertext back: other tests list whole tenants' histories. */
    private static void restore(StoredRow original) throws SQLException {
        overwrite(original.pk(), original.sealed());
    }

    private static void assertRefusedAsIntegrityFailure(HttpResponse<String> read, String phi) {
        assertEquals(500, read.statusCode());
        assertTrue(read.body().contains("OperationOutcome") && read.body().contains("integrity"), read.body());
        assertFalse(read.body().contains(phi), "the error response contains PHI");
    }

    @Test
    void storedJsonIsCiphertextNamingItsKey() throws SQLException {
        String family = "Sealedcheck" + UUID.randomUUID().toString().substring(0, 8);
        String id = create(family, "ehr-system");

        StoredRow row = stored(id, "general-hospital");
        assertNull(row.plain());
        String raw = new String(row.sealed(), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(family) || raw.contains("999-12-3456") || raw.contains("Patient"), "plaintext in the column");
        assertEquals(1, row.sealed()[0], "Tink prefix: the ciphertext starts with its key id");
        assertTrue(Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system")).body().contains(family));
    }

    @Test
    void unicodeEmojiAbsentAndMegabyteValuesRoundTripThroughEncryptionAndTheirSearch() {
        IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        String family = "Ünïcødé😀" + UUID.randomUUID().toString().substring(0, 6);
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("李小龍").addGiven("Ἀχιλλεύς");
        patient.addAddress().setCity("Zürich 🏔");
        patient.addExtension("http://example.org/fhir/StructureDefinition/large-note", new StringType("x".repeat(1 << 20)));
        String id = fhir.create().resource(patient).execute().getId().getIdPart();

        Patient read = fhir.read().resource(Patient.class).withId(id).execute();
        read.setIdElement(null);
        read.setMeta(null);
        assertEquals(Fhir.context().newJsonParser().encodeResourceToString(patient),
                Fhir.context().newJsonParser().encodeResourceToString(read));
        assertNull(read.getBirthDate(), "an absent value stays absent");
        Bundle byName = fhir.search().byUrl("Patient?family=" + URLEncoder.encode(family.substring(0, 9),
                StandardCharsets.UTF_8) + "&given=" + URLEncoder.encode("李小", StandardCharsets.UTF_8))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, byName.getTotal());
    }

    @Test
    void ciphertextMovedToAnotherRowIsRefused() throws SQLException {
        String victim = "Movedfrom" + UUID.randomUUID().toString().substring(0, 8);
        String source = create(victim, "ehr-system");
        String target = create("Movedto", "ehr-system");

        StoredRow original = stored(target, "general-hospital");
        overwrite(original.pk(), stored(source, "general-hospital").sealed());
        try {
            assertRefusedAsIntegrityFailure(Fhir.get("/fhir/Patient/" + target, Tokens.client("ehr-system")), victim);
            assertEquals(200, Fhir.get("/fhir/Patient/" + source, Tokens.client("ehr-system")).statusCode());
        } finally {
            restore(original);
        }
    }

    @Test
    void ciphertextMovedToAnotherTenantsRowOfTheSameIdIsRefused() throws SQLException {
        String id = "cross-tenant-" + UUID.randomUUID();
        String victim = "Tenanta" + UUID.randomUUID().toString().substring(0, 8);
        Patient inA = patient(victim);
        inA.setId(id);
        Fhir.clientWithToken(Tokens.client("ehr-system")).update().resource(inA).execute();
        Patient inB = patient("Tenantb");
        inB.setId(id);
        Fhir.clientWithToken(Tokens.client("ehr-system-b")).update().resource(inB).execute();

        StoredRow original = stored(id, "riverside-clinic");
        overwrite(original.pk(), stored(id, "general-hospital").sealed());
        try {
            assertRefusedAsIntegrityFailure(Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system-b")), victim);
        } finally {
            restore(original);
        }
    }

    @Test
    void oneFlippedByteMakesTheReadFailAndIsLoggedAsIntegrityFailure() throws SQLException, IOException {
        String family = "Flipped" + UUID.randomUUID().toString().substring(0, 8);
        String id = create(family, "ehr-system");
        StoredRow row = stored(id, "general-hospital");
        byte[] altered = row.sealed().clone();
        altered[altered.length / 2] ^= 0x01;
        overwrite(row.pk(), altered);
        try {
            assertArrayEquals(altered, stored(id, "general-hospital").sealed());
            assertRefusedAsIntegrityFailure(Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system")), family);
            assertRefusedAsIntegrityFailure(Fhir.get("/fhir/Patient/" + id + "/_history/1",
                    Tokens.client("ehr-system")), family);
        } finally {
            restore(row);
        }
        assertEquals(200, Fhir.get("/fhir/Patient/" + id, Tokens.client("ehr-system")).statusCode());
        String log = Files.readString(RunningStack.settings().logDir().resolve("payara-micro.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("Integrity failure: a sealed value of fhir_resource_version.resource_sealed"));
        assertFalse(log.contains(family));
    }
}
