package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** PHI parameters are written and searched as blind indexes; everything else is left as it is. */
class BlindIndexesTest {

    private final BlindIndexes blindIndexes = new BlindIndexes(new LabelledBlinding(), "t");

    private static SearchIndex index(List<SearchIndex.Token> tokens, List<SearchIndex.Text> strings) {
        return new SearchIndex(tokens, strings, List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void patientNameIsStoredAsOneBlindedRowPerNormalizedPrefixWithTheBlindedExactValue() {
        SearchIndex stored = blindIndexes.blind("Patient", index(List.of(), List.of(SearchIndex.Text.of("family", "Müll"))));
        assertEquals(List.of("B(t|Patient.family|^m)", "B(t|Patient.family|^mu)", "B(t|Patient.family|^mul)",
                "B(t|Patient.family|^mull)"), stored.strings().stream().map(SearchIndex.Text::normalized).toList());
        assertTrue(stored.strings().stream().allMatch(row -> row.exact().equals("B(t|Patient.family|=Müll)")));
    }

    @Test
    void identifierKeepsItsSystemAndBlindsItsValueOnEveryType() {
        SearchIndex stored = blindIndexes.blind("Encounter", index(List.of(
                new SearchIndex.Token("identifier", "urn:mrn", "12345"), new SearchIndex.Token("status", null, "finished")),
                List.of()));
        assertEquals(new SearchIndex.Token("identifier", "urn:mrn", "B(t|Encounter.identifier|12345)"), stored.tokens().get(0));
        assertEquals(new SearchIndex.Token("status", null, "finished"), stored.tokens().get(1));
    }

    @Test
    void staffDirectoryNamesStayPlainAndSortable() {
        SearchIndex.Text name = SearchIndex.Text.of("family", "House");
        assertEquals(List.of(name), blindIndexes.blind("Practitioner", index(List.of(), List.of(name))).strings());
    }

    @Test
    void prefixSearchOfAPatientNameBindsTheBlindedPrefixUnderEveryKeyAndNeverThePlainValue() {
        Sql sql = new Sql("t");
        String condition = new ValueConditions(sql, blindIndexes).of("Patient", "family").string("x", "MÜL", "");
        assertEquals("x.value_normalized IN (?2, ?3)", condition);
        assertEquals(List.of("t", "B(t|Patient.family|^mul)", "old-key-B(t|Patient.family|^mul)"), sql.parameters());
        assertThrows(SearchException.class,
                () -> new ValueConditions(sql, blindIndexes).of("Patient", "family").string("x", "ul", "contains"));
    }

    @Test
    void identifierSearchKeepsTheSystemConditionAndBlindsTheValue() {
        Sql sql = new Sql("t");
        String condition = new ValueConditions(sql, blindIndexes).of("Patient", "identifier").token("x", "urn:mrn|12345");
        assertEquals("(x.token_system = ?2 AND x.token_value IN (?3, ?4))", condition);
        assertFalse(sql.parameters().contains("12345"));
    }

    @Test
    void birthDateIsStoredAsItsPlainYearAndItsBlindedExactDay() {
        SearchIndex stored = blindIndexes.blind("Patient", new SearchIndex(List.of(), List.of(), List.of(
                new SearchIndex.DateRange("birthdate", Instant.parse("1985-01-15T00:00:00Z"), Instant.parse("1985-01-16T00:00:00Z"))),
                List.of(), List.of(), List.of()));
        assertEquals(List.of(new SearchIndex.DateRange("birthdate", Instant.parse("1985-01-01T00:00:00Z"),
                Instant.parse("1986-01-01T00:00:00Z"))), stored.dates());
        assertEquals(List.of(new SearchIndex.Token("birthdate" + BlindIndexes.DATE_SUFFIX, null,
                "B(t|Patient.birthdate:blind-date|D1985-01-15)")), stored.tokens());
    }

    @Test
    void dateSearchListsTheMatchingDaysMonthsAndYearOfTheBoundaryYearOnly() {
        BlindIndexes.DateSearch search = blindIndexes.date("Patient", "birthdate",
                DateComparison.parse("ge1970-05-01", "birthdate"));
        assertEquals(List.of(Instant.parse("1970-01-01T00:00:00Z")), search.boundaryYears());
        List<String> current = search.matching().stream().filter(value -> !value.startsWith("old-key")).toList();
        assertTrue(current.contains("B(t|Patient.birthdate:blind-date|D1970-05-01)"));
        assertTrue(current.contains("B(t|Patient.birthdate:blind-date|M1970-05)"));
        assertTrue(current.contains("B(t|Patient.birthdate:blind-date|Y1970)"), "a year-precision 1970 overlaps");
        assertFalse(current.contains("B(t|Patient.birthdate:blind-date|D1970-04-30)"));
        assertEquals(245 + 8 + 1, current.size());
        assertThrows(SearchException.class, () -> blindIndexes.date("Patient", "birthdate",
                DateComparison.parse("ge1970-05-01T10:00:00Z", "birthdate")));
    }

    @Test
    void sortingByAnEncryptedParameterIsRefused() {
        assertThrows(SearchException.class, () -> SearchStatement.of(new SearchQuery("Patient", List.of(),
                List.of(SearchQuery.SortKey.parse("family")), 0, 10, List.of(), false), "t",
                org.custos.fhir.store.FhirContexts.r4(), new LabelledBlinding(), hiddenType -> Set.of()));
    }
}
