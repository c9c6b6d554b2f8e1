package org.custos.crypto;

/**
 * Where a sealed value lives: its tenant, table, column and row. It is the AEAD's associated data, so a ciphertext
 * copied to another row, column or tenant fails to open. The row is the row's natural key (for a resource version
 * {@code Patient/123/_history/2}), because surrogate keys are assigned by the database only after sealing.
 */
public record SealingContext(String tenant, String table, String column, String row) {

    private static final byte FORMAT = 1;

    public SealingContext {
        if (tenant == null || table == null || column == null || row == null) {
            throw new IllegalArgumentException("A sealing context needs tenant, table, column and row");
        }
    }

    /** Length-prefixed fields, so that no two different contexts have the same bytes. */
    byte[] associatedData() {
        return LengthPrefixed.encode(FORMAT, tenant, table, column, row);
    }
}
