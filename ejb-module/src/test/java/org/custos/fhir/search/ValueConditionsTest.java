package org.custos.fhir.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Prefixes compare ranges: the stored value's and the searched value's, each as wide as its precision. */
class ValueConditionsTest {

    private final Sql sql = new Sql("t");
    private final ValueConditions conditions = new ValueConditions(sql, new BlindIndexes(new LabelledBlinding(), "t"));

    @Test
    void dateWithoutPrefixMatchesValuesInsideTheWholeDay() {
        assertEquals("(x.low_value >= ?2 AND x.high_value <= ?3)", conditions.date("x.low_value", "x.high_value",
                "2024-03-01", "date"));
        assertEquals(List.of("t", Timestamp.from(Instant.parse("2024-03-01T00:00:00Z")),
                Timestamp.from(Instant.parse("2024-03-02T00:00:00Z"))), sql.parameters());
    }

    @Test
    void dateGreaterThanMeansTheStoredRangeEndsAfterTheSearchedOne() {
        assertEquals("x.high_value > ?3", conditions.date("x.low_value", "x.high_value", "gt2024", "date"));
        assertEquals(Timestamp.from(Instant.parse("2025-01-01T00:00:00Z")), sql.parameters().get(2));
    }

    @Test
    void numberWithoutPrefixMatchesWithinItsPrecision() {
        assertEquals("(x.num_value >= ?2 AND x.num_value < ?3)", conditions.number("x", "100", "n"));
        assertEquals(List.of("t", new BigDecimal("99.5"), new BigDecimal("100.5")), sql.parameters());
    }

    @Test
    void quantityMatchesCodeAndSystemWhenGiven() {
        assertEquals("(x.num_value <= ?2 AND x.quantity_system = ?3 AND x.quantity_code = ?4)",
                conditions.quantity("x", "le5.4|http://unitsofmeasure.org|mg", "q"));
    }

    @Test
    void tokenForms() {
        assertEquals("x.token_value = ?2", conditions.token("x", "code"));
        assertEquals("(x.token_system IS NULL AND x.token_value = ?3)", conditions.token("x", "|code"));
        assertEquals("x.token_system = ?4", conditions.token("x", "http://loinc.org|"));
    }

    @Test
    void referenceForms() {
        assertEquals("(x.target_type = ?2 AND x.target_id = ?3)", conditions.reference("x", "Patient/123", ""));
        assertEquals("(x.target_id = ?5 AND x.target_type = ?4)", conditions.reference("x", "123", "Patient"));
    }
}
