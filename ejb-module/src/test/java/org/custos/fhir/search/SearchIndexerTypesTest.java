package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Dates, quantities, references and positions are indexed from the R4 expressions, resolve() included. */
class SearchIndexerTypesTest {

    private final SearchIndexer indexer = new SearchIndexer();

    private static Observation observation() {
        Observation observation = new Observation();
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
        observation.setSubject(new Reference("Patient/p1"));
        observation.setEffective(new DateTimeType("2024-03-01"));
        observation.setValue(new Quantity().setValue(72).setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    @Test
    void dateIsIndexedAsTheRangeItCovers() {
        assertTrue(indexer.extract(observation()).dates().contains(new SearchIndex.DateRange("date",
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"))));
    }

    @Test
    void openPeriodRunsToTheOpenEnd() {
        Observation observation = observation();
        observation.setEffective(new Period().setStartElement(new DateTimeType("2024-03-01T10:00:00Z")));
        assertTrue(indexer.extract(observation).dates().contains(new SearchIndex.DateRange("date",
                Instant.parse("2024-03-01T10:00:00Z"), DateRanges.OPEN_END)));
    }

    @Test
    void quantityKeepsValueSystemAndCode() {
        assertTrue(indexer.extract(observation()).quantities().contains(new SearchIndex.Quantity("value-quantity",
                new BigDecimal("72"), "http://unitsofmeasure.org", "/min")));
    }

    @Test
    void referenceIsIndexedAsTypeAndIdAndResolveTellsPatientSubjects() {
        SearchIndex index = indexer.extract(observation());
        assertTrue(index.references().contains(new SearchIndex.Reference("subject", "Patient", "p1", null)));
        assertTrue(index.references().contains(new SearchIndex.Reference("patient", "Patient", "p1", null)),
                "Observation.subject.where(resolve() is Patient)");
    }

    @Test
    void codingDisplayIsSearchableAsText() {
        assertTrue(indexer.extract(observation()).strings().contains(SearchIndex.Text.of("code:text", "Heart rate")));
    }

    @Test
    void unionsAreEvaluatedBranchByBranchSoQuantitiesNeedNoUcumService() {
        assertEquals(List.of("(Observation.value as Quantity)", "(Observation.component.value as Quantity)"),
                SearchIndexer.unionBranches("(Observation.value as Quantity) | (Observation.component.value as Quantity)"));
        assertEquals(List.of("Patient.telecom.where(system='a|b')"),
                SearchIndexer.unionBranches("Patient.telecom.where(system='a|b')"));
        Observation observation = observation();
        observation.addComponent().setValue(new Quantity().setValue(72).setCode("/min"));
        assertTrue(indexer.extract(observation).quantities().stream().filter(q -> q.param().equals("combo-value-quantity"))
                .count() == 2);
    }

    @Test
    void compositeRowsPairValuesOfTheSameComponentOnly() {
        Observation pressure = new Observation();
        pressure.getCode().addCoding().setSystem("http://loinc.org").setCode("85354-9");
        pressure.addComponent().setValue(new Quantity().setValue(150).setCode("mm[Hg]")).getCode().addCoding()
                .setSystem("http://loinc.org").setCode("8480-6");
        pressure.addComponent().setValue(new Quantity().setValue(90).setCode("mm[Hg]")).getCode().addCoding()
                .setSystem("http://loinc.org").setCode("8462-4");
        List<SearchIndex.Composite> rows = indexer.extract(pressure).composites().stream()
                .filter(row -> row.param().equals("component-code-value-quantity")).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.stream().anyMatch(row -> row.first().value().equals("8480-6")
                && row.secondQuantity().value().intValue() == 150));
        assertTrue(rows.stream().noneMatch(row -> row.first().value().equals("8480-6")
                && row.secondQuantity().value().intValue() == 90));
        assertTrue(indexer.extract(observation()).composites().stream().anyMatch(row -> row.param()
                .equals("code-value-quantity") && row.first().value().equals("8867-4")));
    }

    @Test
    void locationPositionIsIndexedForNear() {
        Location location = new Location();
        location.getPosition().setLatitude(42.36).setLongitude(-71.06);
        SearchIndex index = indexer.extract(location);
        assertTrue(index.quantities().contains(new SearchIndex.Quantity("near:latitude", new BigDecimal("42.36"), null, null)));
    }
}
