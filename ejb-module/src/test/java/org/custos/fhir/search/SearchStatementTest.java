package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custos.fhir.store.FhirContexts;
import org.junit.jupiter.api.Test;

/** Search criteria become SQL with bound values, and every table of the statement is held to the tenant. */
class SearchStatementTest {

    private static SearchStatement statement(String type, boolean strict, SearchQuery.Criterion... criteria) {
        return SearchStatement.of(new SearchQuery(type, List.of(criteria), List.of(SearchQuery.SortKey.parse("-gender")),
                0, 10, List.of(), strict), "tenant-a", FhirContexts.r4(), new LabelledBlinding(), hiddenType -> Set.of());
    }

    private static SearchQuery.Criterion criterion(String key, String... values) {
        return SearchQuery.Criterion.parse(key, List.of(values));
    }

    @Test
    void everyTableAliasIsRestrictedToTheTenantBoundAsParameterOne() {
        SearchStatement statement = statement("Patient", true, criterion("family", "House"),
                criterion("general-practitioner:Practitioner.name", "Mü_ller%"),
                criterion("_has:Observation:patient:code", "http://loinc.org|8867-4"),
                criterion("birthdate", "ge1970-01"));
        String sql = statement.selectSql();
        Matcher aliases = Pattern.compile("(?:FROM|JOIN) (fhir_\\w+) (\\w+)").matcher(sql);
        int tables = 0;
        while (aliases.find()) {
            tables++;
            assertTrue(sql.contains(aliases.group(2) + ".tenant_id = ?1"), "tenant condition on " + aliases.group(2));
        }
        // 11: the birth date (a blind-indexed date) is one subquery on its plain years and one on its blinded values.
        assertEquals(11, tables);
        assertEquals("tenant-a", statement.selectParameters().get(0));
        assertFalse(sql.contains("ller"), "values are bound, never concatenated");
        assertTrue(statement.selectParameters().contains("mu\\_ller\\%%"), "LIKE wildcards in values are escaped");
        assertTrue(statement.selectParameters().contains("B(tenant-a|Patient.family|^house)"), "a PHI value is blinded");
    }

    @Test
    void countIsTheSameSearchWithoutOrderOrPage() {
        SearchStatement statement = statement("Patient", true, criterion("gender", "female"));
        assertTrue(statement.countSql().startsWith("SELECT COUNT(*) FROM fhir_resource r WHERE"));
        assertFalse(statement.countSql().contains("ORDER BY"));
        assertTrue(statement.selectSql().endsWith("ORDER BY (SELECT MAX(s2.token_value) FROM fhir_search_token s2 WHERE "
                + "s2.tenant_id = ?1 AND s2.resource_pk = r.pk AND s2.param_name = ?5) DESC NULLS LAST, r.pk LIMIT 10 OFFSET 0"),
                statement.selectSql());
    }

    @Test
    void unknownParameterIsIgnoredWhenLenientAndRefusedWhenStrict() {
        assertFalse(statement("Patient", false, criterion("shoe-size", "42")).selectSql().contains("EXISTS"));
        assertThrows(SearchException.class, () -> statement("Patient", true, criterion("shoe-size", "42")));
    }

    @Test
    void unsupportedModifiersAndMalformedValuesAre400NotIgnored() {
        assertThrows(SearchException.class, () -> statement("Patient", false, criterion("identifier:of-type", "x")));
        assertThrows(SearchException.class, () -> statement("Patient", false, criterion("birthdate", "yesterday")));
        assertThrows(SearchException.class, () -> statement("Patient", false, criterion("_content", "x")));
        assertThrows(SearchException.class, () -> statement("Observation", false, criterion("value-quantity", "ab")));
    }

    @Test
    void chainParsesTypeModifierAndRest() {
        assertEquals(new SearchQuery.Criterion("subject", "Patient", "name:exact", List.of("x")),
                SearchQuery.Criterion.parse("subject:Patient.name:exact", List.of("x")));
        assertEquals(new SearchQuery.Criterion("_has", "Observation:patient:code", "", List.of("x")),
                SearchQuery.Criterion.parse("_has:Observation:patient:code", List.of("x")));
    }
}
