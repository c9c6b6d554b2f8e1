package org.custos.fhir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.custos.fhir.search.ConsentStatements;
import org.custos.tenancy.InMemoryTransaction;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private static final Instant LAST_UPDATED = Instant.parse("2026-11-26T10:15:30.123Z");
    private static final String JSON = "{\"resourceType\":\"Patient\",\"id\":\"p1\"}";

    private final ReadAhead readAhead = new ReadAhead();

    ReadAheadTest() {
        readAhead.transactions = new InMemoryTransaction();
    }

    @Test
    void theVersionKeptForAReadIsTakenOnceByThatRead() {
        readAhead.keep("Patient", "p1", row(3, false));

        assertEquals(Optional.of(new StoredJson("Patient", "p1", 3, LAST_UPDATED, JSON)),
                readAhead.take("Patient", "p1", "tenant-a"));
        assertTrue(readAhead.take("Patient", "p1", "tenant-a").isEmpty(), "a second read asks the database");
    }

    @Test
    void aVersionKeptForOneResourceIsNotTakenForAnother() {
        readAhead.keep("Patient", "p1", row(3, false));

        assertTrue(readAhead.take("Patient", "p2", "tenant-a").isEmpty());
        assertTrue(readAhead.take("Observation", "p1", "tenant-a").isEmpty());
    }

    @Test
    void aDeleteKeptForAReadIsGone() {
        readAhead.keep("Patient", "p1", row(4, true));

        assertEquals(410, assertThrows(StoreException.class, () -> readAhead.take("Patient", "p1", "tenant-a"))
                .status());
    }

    /**
     * A row of the facts-with-current-version statement: the facts' columns, then the version's. Its JSON is of a
     * version written before encryption, so opening it needs no key.
     */
    private static Object[] row(long versionId, boolean deleted) {
        Object[] row = new Object[ConsentStatements.FACT_COLUMN_COUNT + 5];
        int at = ConsentStatements.FACT_COLUMN_COUNT;
        row[at] = versionId;
        row[at + 1] = Timestamp.from(LAST_UPDATED);
        row[at + 2] = deleted;
        row[at + 3] = null;
        row[at + 4] = deleted ? null : JSON;
        return row;
    }
}
