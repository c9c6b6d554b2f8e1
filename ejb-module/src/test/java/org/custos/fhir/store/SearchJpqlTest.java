package org.custos.fhir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import org.junit.jupiter.api.Test;

/** Search criteria become one JPQL query with bound parameters; values never enter the query text. */
class SearchJpqlTest {

    private static final RuntimeResourceDefinition PATIENT = FhirContexts.r4().getResourceDefinition("Patient");

    private static SearchJpql jpql(SearchQuery.Criterion... criteria) {
        return SearchJpql.of(new SearchQuery("Patient", List.of(criteria), 0), PATIENT);
    }

    @Test
    void tokenWithSystemMatchesSystemAndValue() {
        SearchJpql query = jpql(new SearchQuery.Criterion("identifier", "", List.of("urn:mrn|MRN-1")));
        assertTrue(query.select().contains("t.tokenSystem = :t0_0s AND t.tokenValue = :t0_0v"));
        assertEquals("urn:mrn", query.parameters().get("t0_0s"));
        assertEquals("MRN-1", query.parameters().get("t0_0v"));
    }

    @Test
    void stringMatchesNormalizedPrefixWithLikeWildcardsEscaped() {
        SearchJpql query = jpql(new SearchQuery.Criterion("family", "", List.of("Mü_ller%")));
        assertEquals("mu\\_ller\\%%", query.parameters().get("s0_0"));
        assertFalse(query.select().contains("ller"), "the value is bound, not concatenated");
    }

    @Test
    void alternativesAreOredAndCriteriaAnded() {
        SearchJpql query = jpql(new SearchQuery.Criterion("family", "exact", List.of("Smith", "Jones")),
                new SearchQuery.Criterion("gender", "", List.of("female")));
        assertTrue(query.select().contains("t.exact = :s0_0 OR t.exact = :s0_1"));
        assertTrue(query.select().contains(") AND EXISTS ("));
    }

    @Test
    void unknownParameterIs400() {
        StoreException refused = assertThrows(StoreException.class,
                () -> jpql(new SearchQuery.Criterion("shoe-size", "", List.of("42"))));
        assertEquals(400, refused.status());
    }

    @Test
    void unsupportedModifierIs400() {
        assertEquals(400, assertThrows(StoreException.class,
                () -> jpql(new SearchQuery.Criterion("identifier", "above", List.of("x")))).status());
    }
}
