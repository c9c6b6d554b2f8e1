package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.custos.devstack.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail, read straight from PostgreSQL: one record per FHIR interaction and admin action with who, what,
 * which patients, outcome and origin — ids only, no PHI; refusals recorded too; fail-closed when a record cannot be
 * written; append-only, also against the application's own database role, which does not own the schema.
 */
@ExtendWith(RunningStack.class)
class AuditTrailIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFhirInteractionLeavesOneRecordWithIdsAndNoPhi() throws Exception {
        String family = "Auditfamily" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.staff("clinician.general");
        String run = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Fhir.postWithHeaders("/fhir/Patient", "{\"resourceType\":\"Patient\","
                + "\"name\":[{\"family\":\"" + family + "\"}]}", token, "X-Request-Id", run + "-create");
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("read", "/fhir/Patient/" + id);
        calls.put("vread", "/fhir/Patient/" + id + "/_history/1");
        calls.put("search", "/fhir/Patient?family=" + family);
        calls.put("history", "/fhir/Patient/" + id + "/_history");
        calls.put("everything", "/fhir/Patient/" + id + "/$everything");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            assertEquals(200, Fhir.getWithHeaders(call.getValue(), token, "X-Request-Id", run + "-" + call.getKey())
                    .statusCode(), call.getKey());
        }
        Map<String, String> expectedActions = new LinkedHashMap<>();
        expectedActions.put("create", "create");
        calls.keySet().forEach(action -> expectedActions.put(action, action));
        for (Map.Entry<String, String> expected : expectedActions.entrySet()) {
            List<Map<String, Object>> records = AuditRecords.of(run + "-" + expected.getKey());
            assertEquals(1, records.size(), expected.getKey() + ": exactly one record");
            Map<String, Object> record = records.get(0);
            assertEquals(expected.getValue(), record.get("action"));
            assertEquals("general-hospital", record.get("tenant_id"));
            assertEquals("clinician.general", record.get("actor_username"));
            assertEquals("custos-cli", record.get("actor_client"));
            assertEquals("Patient", record.get("resource_type"), expected.getKey());
            assertTrue(((List<?>) record.get("patient_ids")).contains(id), expected.getKey() + " " + record);
            assertTrue(((Number) record.get("outcome")).intValue() / 100 == 2, record.toString());
            assertTrue(record.get("source_ip") != null && record.get("request_method") != null);
            assertFalse(record.toString().contains(family), "no PHI in the record: " + record);
        }
        assertEquals("/fhir/Patient", AuditRecords.of(run + "-search").get(0).get("request_path"),
                "the path without its query, which holds the searched name");
    }

    @Test
    void aTransactionBundleIsRecordedWithEachOfItsEntries() throws Exception {
        String run = "audit-bundle-" + UUID.randomUUID().toString().substring(0, 8);
        String entry = "{\"fullUrl\":\"urn:uuid:%s\",\"resource\":{\"resourceType\":\"Patient\",\"name\":"
                + "[{\"family\":\"Bundled\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + String.format(entry, UUID.randomUUID()) + "," + String.format(entry, UUID.randomUUID()) + "]}";
        HttpResponse<String> answered = Fhir.postWithHeaders("/fhir", bundle, Tokens.client("ehr-system"),
                "X-Request-Id", run);
        assertEquals(200, answered.statusCode(), answered.body());
        List<Object> actions = AuditRecords.of(run).stream().map(record -> record.get("action")).toList();
        assertEquals(List.of("create", "create", "transaction"), actions);
    }

    @Test
    void auditorsSearchTheirTenantsTrailByPatientAndTheSearchIsRecordedToo() throws Exception {
        String clinician = Tokens.staff("clinician.general");
        String id = JSON.readTree(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{"
                + "\"family\":\"Searchedaudit\"}]}", clinician).body()).get("id").asText();
        assertEquals(200, Fhir.get("/fhir/Patient/" + id, clinician).statusCode());
        String run = "audit-search-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> found = Fhir.getWithHeaders("/api/admin/audit/events?patient=" + id,
                Tokens.staff("auditor.general"), "X-Request-Id", run);
        assertEquals(200, found.statusCode(), found.body());
        List<String> actions = new ArrayList<>();
        JSON.readTree(found.body()).forEach(entry -> actions.add(entry.get("action").asText()));
        assertEquals(List.of("read", "create"), actions, "newest first: " + found.body());
        assertFalse(found.body().contains("Searchedaudit"), "ids only");
        assertEquals("search-audit", AuditRecords.of(run).get(0).get("action"));

        assertEquals("[]", Fhir.get("/api/admin/audit/events?patient=" + id, Tokens.staff("auditor.riverside"))
                .body(), "another tenant's auditor sees none of it");
        assertEquals(403, Fhir.get("/api/admin/audit/events", clinician).statusCode());
        assertEquals(400, Fhir.get("/api/admin/audit/events?from=yesterday", Tokens.staff("auditor.general"))
                .statusCode());
    }

    @Test
    void auditorsExportTheTrailAsCsvOrNdjsonAndTheExportIsRecorded() throws Exception {
        String clinician = Tokens.staff("clinician.general");
        String id = JSON.readTree(Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{"
                + "\"family\":\"Exportedaudit\"}]}", clinician).body()).get("id").asText();
        String auditor = Tokens.staff("auditor.general");
        String run = "audit-export-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> csv = Fhir.getWithHeaders("/api/admin/audit/export?format=csv&patient=" + id, auditor,
                "X-Request-Id", run);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertTrue(lines.get(0).startsWith("id,recordedAt,tenant,"), lines.get(0));
        assertEquals(2, lines.size(), "the header and the create: " + csv.body());
        assertTrue(lines.get(1).contains(",create,Patient," + id + ","), lines.get(1));
        assertEquals("export-audit", AuditRecords.of(run).get(0).get("action"));

        HttpResponse<String> ndjson = Fhir.get("/api/admin/audit/export?format=ndjson&patient=" + id, auditor);
        assertEquals(200, ndjson.statusCode(), ndjson.body());
        assertEquals("create", JSON.readTree(ndjson.body().lines().findFirst().orElseThrow()).get("action").asText());
        assertFalse(ndjson.body().contains("Exportedaudit"), "ids only");
        assertEquals(400, Fhir.get("/api/admin/audit/export?format=xls", auditor).statusCode());
        assertEquals(403, Fhir.get("/api/admin/audit/export", clinician).statusCode());
    }

    @Test
    void refusalsAreRecordedWithTheirOutcome() throws Exception {
        String run = "audit-refused-" + UUID.randomUUID().toString().substring(0, 8);
        String riverside = Tokens.client("ehr-system-b");
        assertEquals(404, Fhir.getWithHeaders("/fhir/Patient/no-such-patient", riverside, "X-Request-Id", run)
                .statusCode());
        Map<String, Object> record = AuditRecords.of(run).get(0);
        assertEquals(404, ((Number) record.get("outcome")).intValue());
        assertEquals("riverside-clinic", record.get("tenant_id"));
        assertEquals("read", record.get("action"));

        String scoped = Tokens.clientWithScope("ehr-reporting", "system/Patient.rs");
        assertEquals(403, Fhir.getWithHeaders("/fhir/Observation/anything", scoped, "X-Request-Id", run + "-scope")
                .statusCode());
        Map<String, Object> denied = AuditRecords.of(run + "-scope").get(0);
        assertEquals(403, ((Number) denied.get("outcome")).intValue());
        assertTrue(String.valueOf(denied.get("reason")).contains("scopes do not permit"), denied.toString());
    }

    @Test
    void roleDenialsAndAuthenticationFailuresAreRecorded() throws Exception {
        String run = "audit-denied-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(403, Fhir.postWithHeaders("/fhir/Patient", "{\"resourceType\":\"Patient\"}",
                Tokens.staff("nurse.general"), "X-Request-Id", run).statusCode());
        assertEquals(1, AuditRecords.of(run).size(), "one request, one record");
        Map<String, Object> denied = AuditRecords.of(run).get(0);
        assertEquals("access-denied", denied.get("action"));
        assertEquals("nurse.general", denied.get("actor_username"));
        assertEquals(403, ((Number) denied.get("outcome")).intValue());

        assertEquals(401, Fhir.getWithHeaders("/fhir/Patient/x?name=Somebody", "not-a-token", "X-Request-Id",
                run + "-401").statusCode());
        assertEquals(1, AuditRecords.of(run + "-401").size());
        Map<String, Object> failed = AuditRecords.of(run + "-401").get(0);
        assertEquals("authentication-failure", failed.get("action"));
        assertEquals(null, failed.get("actor_username"));
        assertEquals("/fhir/Patient/x", failed.get("request_path"));

        assertEquals(403, Fhir.getWithHeaders("/api/admin/users", Tokens.staff("clinician.general"), "X-Request-Id",
                run + "-admin").statusCode());
        List<Map<String, Object>> admin = AuditRecords.of(run + "-admin");
        assertEquals(1, admin.size(), "one record, though JAX-RS maps the refusal twice: " + admin);
        assertEquals("access-denied", admin.get(0).get("action"));
    }

    @Test
    void everyRecordHoldsThePurposeOfUseDeclaredOrTheRolesDefaultAndAnUndeclarablePurposeIsRefused()
            throws Exception {
        String run = "audit-purpose-" + UUID.randomUUID().toString().substring(0, 8);
        String clinician = Tokens.staff("clinician.general");
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient?_count=1", clinician, "X-Request-Id", run + "-default")
                .statusCode());
        assertEquals("TREAT", AuditRecords.of(run + "-default").get(0).get("purpose_of_use"));
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient?_count=1", clinician, "X-Request-Id", run + "-declared",
                "X-Purpose-Of-Use", "CAREMGT").statusCode());
        assertEquals("CAREMGT", AuditRecords.of(run + "-declared").get(0).get("purpose_of_use"));

        HttpResponse<String> refused = Fhir.getWithHeaders("/fhir/Patient?_count=1", Tokens.staff("nurse.general"),
                "X-Request-Id", run + "-refused", "X-Purpose-Of-Use", "ETREAT");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("may not declare this purpose of use"), refused.body());
        assertFalse(refused.body().contains("\"entry\""), "no data");
        List<Map<String, Object>> records = AuditRecords.of(run + "-refused");
        assertEquals(1, records.size());
        assertEquals("access-denied", records.get(0).get("action"));

        // From the token: a client scope of the realm (purpose-HRESCH) puts the claim in.
        String research = Tokens.appLogin("smart-app", "clinician.general", "user/*.rs purpose-HRESCH")
                .token("user/*.rs purpose-HRESCH");
        assertEquals(200, Fhir.getWithHeaders("/fhir/Patient?_count=1", research, "X-Request-Id", run + "-claim")
                .statusCode());
        assertEquals("HRESCH", AuditRecords.of(run + "-claim").get(0).get("purpose_of_use"));
        String nurseResearch = Tokens.appLogin("smart-app", "nurse.general", "user/*.rs purpose-HRESCH")
                .token("user/*.rs purpose-HRESCH");
        assertEquals(403, Fhir.get("/fhir/Patient?_count=1", nurseResearch).statusCode(), "nurses may not claim it");
    }

    @Test
    void adminActionsAreRecorded() throws Exception {
        String run = "audit-admin-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> listed = Fhir.getWithHeaders("/api/admin/users?search=nurse", Tokens.staff("admin.general"),
                "X-Request-Id", run);
        assertEquals(200, listed.statusCode(), listed.body());
        Map<String, Object> record = AuditRecords.of(run).get(0);
        assertEquals("list-accounts", record.get("action"));
        assertEquals("StaffAccount", record.get("resource_type"));
        assertEquals(null, record.get("resource_id"), "the search text is not recorded");
        assertEquals("admin.general", record.get("actor_username"));
    }

    /** A read whose record cannot be written returns no data (503); a write whose record fails stores nothing. */
    @Test
    void whenTheAuditRecordCannotBeWrittenNothingHappens() throws Exception {
        String token = Tokens.staff("clinician.general");
        String family = "Failclosed" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{"
                + "\"family\":\"" + family + "\"}]}", token);
        String id = JSON.readTree(created.body()).get("id").asText();
        String probe = "fail-closed-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = StackDatabase.superuser()) {
            // Records of requests with this id cannot be inserted: the audit trail is "down" for them only.
            db.createStatement().execute("ALTER TABLE audit_event ADD CONSTRAINT audit_probe CHECK (request_id IS"
                    + " DISTINCT FROM '" + probe + "')");
        }
        try {
            HttpResponse<String> read = Fhir.getWithHeaders("/fhir/Patient/" + id, token, "X-Request-Id", probe);
            assertEquals(503, read.statusCode(), read.body());
            assertFalse(read.body().contains(family), "no data left unaudited");
            HttpResponse<String> search = Fhir.getWithHeaders("/fhir/Patient?family=" + family, token,
                    "X-Request-Id", probe);
            assertEquals(503, search.statusCode());
            HttpResponse<String> write = Fhir.postWithHeaders("/fhir/Patient", "{\"resourceType\":\"Patient\","
                    + "\"name\":[{\"family\":\"" + family + "\"}]}", token, "X-Request-Id", probe);
            assertEquals(503, write.statusCode(), write.body());
        } finally {
            try (Connection db = StackDatabase.superuser()) {
                db.createStatement().execute("ALTER TABLE audit_event DROP CONSTRAINT audit_probe");
            }
        }
        assertEquals(1, Fhir.total("Patient?family=" + family), "the unaudited create stored nothing");
    }

    @Test
    void theTrailIsAppendOnly() throws Exception {
        try (Connection db = StackDatabase.superuser()) {
            for (String change : List.of("UPDATE audit_event SET action = 'forged' WHERE id = (SELECT max(id) FROM"
                    + " audit_event)", "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)",
                    "TRUNCATE audit_event")) {
                SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().execute(change));
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
    }

    @Test
    void theApplicationsDatabaseRoleCannotRemoveWhatKeepsTheTrailAppendOnly() throws Exception {
        try (Connection db = StackDatabase.applicationRole()) {
            try (ResultSet owner = db.createStatement().executeQuery(
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_event'")) {
                assertTrue(owner.next());
                assertEquals(EmbeddedDatabase.OWNER_ROLE, owner.getString(1), "the migrations ran as the schema owner");
            }
            for (String removal : List.of("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
                    "ALTER TABLE audit_event DISABLE TRIGGER ALL", "DROP TRIGGER audit_event_delete_guard ON audit_event",
                    "DROP TABLE audit_event", "TRUNCATE audit_event", "ALTER TABLE audit_event RENAME TO audit_old",
                    "CREATE TABLE audit_shadow (id bigint)")) {
                SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().execute(removal));
                assertEquals("42501", refused.getSQLState(), removal + ": " + refused.getMessage());
            }
            SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().execute(
                    "UPDATE audit_event SET action = 'forged' WHERE id = (SELECT max(id) FROM audit_event)"));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
    }
}
