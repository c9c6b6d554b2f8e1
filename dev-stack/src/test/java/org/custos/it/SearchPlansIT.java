package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import org.custos.crypto.Blinding;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchStatement;
import org.custos.fhir.search.SearchUrls;
import org.custos.fhir.store.FhirContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hot queries (read by id, history, and the SQL the search builds for identifier, name, reference, date, chain
 * and _has searches) are served by indexes. PostgreSQL is told to avoid sequential scans, so a plan that still
 * contains one proves that no index can serve the query; the plans are logged for the record.
 */
@ExtendWith(RunningStack.class)
class SearchPlansIT {

    private static final Logger LOG = Logger.getLogger(SearchPlansIT.class.getName());
    private static final String TENANT = "general-hospital";

    private static final List<String> SEARCHES = List.of(
            "Patient?identifier=https://github.com/synthetichealth/synthea|abc",
            "Patient?family=smith&birthdate=ge1970-05-01",
            "Observation?code=http://loinc.org|8867-4&_sort=-date",
            "Practitioner?name=smi&_sort=family",
            "Observation?subject=Patient/123&date=ge2024-01-01",
            "Observation?patient=123&code=http://loinc.org|8867-4",
            "Observation?subject:Patient.family=smith",
            "Patient?_has:Observation:patient:code=8867-4");

    /** Blind indexes are plain equality values for the planner; their bytes do not change the plan. */
    private static final Blinding BLIND_INDEX_STAND_IN = new Blinding() {
        @Override
        public long keyId() {
            return 0;
        }

        @Override
        public String blind(String tenant, String scope, String value) {
            return "0:" + Integer.toHexString((tenant + scope + value).hashCode());
        }

        @Override
        public List<String> candidates(String tenant, String scope, String value) {
            return List.of(blind(tenant, scope, value));
        }
    };

    @Test
    void hotQueriesUseIndexesNotFullScans() throws SQLException {
        // Statistics as a superuser: since the schema has an owner of its own, PostgreSQL skips the tables the
        // application's role would ask it to analyze.
        try (Connection superuser = StackDatabase.superuser(); Statement analyze = superuser.createStatement()) {
            analyze.execute("ANALYZE");
        }
        try (Connection connection = StackDatabase.applicationRole()) {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET enable_seqscan = off");
            }
            assertIndexed(connection, "read by id", "SELECT * FROM fhir_resource WHERE tenant_id = ?1 AND resource_type = ?2"
                    + " AND resource_id = ?3", List.of(TENANT, "Patient", "123"));
            assertIndexed(connection, "instance history", "SELECT * FROM fhir_resource_version WHERE tenant_id = ?1"
                    + " AND resource_pk = ?2 ORDER BY version_id DESC LIMIT 50", List.of(TENANT, 1L));
            assertIndexed(connection, "system history", "SELECT * FROM fhir_resource_version WHERE tenant_id = ?1"
                    + " ORDER BY last_updated DESC LIMIT 50", List.of(TENANT));
            for (String search : SEARCHES) {
                String type = search.substring(0, search.indexOf('?'));
                SearchQuery query = SearchUrls.fromConditionalUrl(type, search);
                SearchStatement statement = SearchStatement.of(new SearchQuery(type, query.criteria(), query.sort(), 0,
                        50, List.of(), true), TENANT, FhirContexts.r4(), BLIND_INDEX_STAND_IN, hiddenType -> Set.of());
                assertIndexed(connection, search, statement.selectSql(), statement.selectParameters());
                assertIndexed(connection, search + " (count)", statement.countSql(), statement.countParameters());
            }
        }
    }

    private static void assertIndexed(Connection connection, String name, String sql, List<Object> parameters)
            throws SQLException {
        String jdbc = sql.replaceAll("\\?\\d+", "?");
        List<Object> ordered = new java.util.ArrayList<>();
        java.util.regex.Matcher placeholders = java.util.regex.Pattern.compile("\\?(\\d+)").matcher(sql);
        while (placeholders.find()) {
            ordered.add(parameters.get(Integer.parseInt(placeholders.group(1)) - 1));
        }
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + jdbc)) {
            for (int i = 0; i < ordered.size(); i++) {
                explain.setObject(i + 1, ordered.get(i));
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        LOG.info(() -> "Plan of " + name + ":\n" + plan);
        assertFalse(plan.toString().contains("Seq Scan"), name + " scans a whole table:\n" + plan);
    }
}
