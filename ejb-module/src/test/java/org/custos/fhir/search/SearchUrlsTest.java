package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SearchUrlsTest {

    @Test
    void splitsAlternativesOnUnescapedCommasOnly() {
        assertEquals(List.of("Smith", "Jones, Jr"), SearchUrls.splitOnUnescapedCommas("Smith,Jones\\, Jr"));
    }

    @Test
    void readsModifiersAndCountAndIgnoresFormattingParameters() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("family:exact", new String[] {"Smith"});
        parameters.put("_count", new String[] {"5"});
        parameters.put("_format", new String[] {"json"});
        SearchQuery query = SearchUrls.toQuery("Patient", parameters, false);
        assertEquals(List.of(new SearchQuery.Criterion("family", "exact", List.of("Smith"))), query.criteria());
        assertEquals(5, query.count());
    }

    @Test
    void conditionalUrlBecomesTheSameQueryAsASearch() {
        SearchQuery query = SearchUrls.fromConditionalUrl("Patient", "Patient?identifier=urn%3Amrn%7C12&family=Smith");
        assertEquals(List.of(new SearchQuery.Criterion("identifier", "", List.of("urn:mrn|12")),
                new SearchQuery.Criterion("family", "", List.of("Smith"))), query.criteria());
    }
}
