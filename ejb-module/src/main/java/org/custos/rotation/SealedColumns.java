package org.custos.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.custos.crypto.IntegrityFailure;
import org.custos.crypto.PhiCipher;
import org.custos.crypto.SealingContext;

/**
 * The sealed columns besides resource versions: break-the-glass reasons and review comments, bulk-export files.
 * Counted in the key inventory, so that a key is not disabled while they need it, and sealed again under the primary
 * key when the re-encryption job has done the versions. These tables are small (grants) or short-lived (export
 * files expire), so each column is done in one transaction.
 */
final class SealedColumns {

    /**
     * A sealed column, and the SQL expression of the row part of its {@link SealingContext} (as the entity that
     * seals it builds it).
     */
    record Column(String table, String column, String rowOfContext) {

        /** Rows per key id: each ciphertext names its key in its first five bytes. */
        String countByKeySql() {
            return "SELECT substring(" + column + " from 1 for 5), count(*) FROM " + table + " WHERE " + column
                    + " IS NOT NULL GROUP BY 1";
        }
    }

    static final List<Column> BESIDE_VERSIONS = List.of(
            new Column("break_glass_grant", "reason_sealed", "grant_id"),
            new Column("break_glass_grant", "review_comment_sealed", "grant_id"),
            new Column("fhir_export_file", "content_sealed", "job_pk || '/' || resource_type || '/' || file_index"));

    /** What sealing them again did. */
    record Outcome(int resealed, int failed) {
    }

    private SealedColumns() {
    }

    /** Seals every value not under the primary key again; one that does not open is reported and left as it is. */
    static Outcome resealAll(Connection db, PhiCipher cipher, long jobId) throws SQLException {
        int resealed = 0;
        int failed = 0;
        for (Column column : BESIDE_VERSIONS) {
            try (PreparedStatement select = db.prepareStatement("SELECT pk, tenant_id, " + column.rowOfContext() + ", "
                    + column.column() + " FROM " + column.table() + " WHERE " + column.column() + " IS NOT NULL"
                    + " ORDER BY pk FOR UPDATE");
                 PreparedStatement update = db.prepareStatement("UPDATE " + column.table() + " SET " + column.column()
                         + " = ? WHERE pk = ?");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] sealed = rows.getBytes(4);
                    if (cipher.sealedUnderPrimary(sealed)) {
                        continue;
                    }
                    SealingContext context = new SealingContext(rows.getString(2), column.table(), column.column(),
                            rows.getString(3));
                    try {
                        update.setBytes(1, cipher.seal(cipher.open(sealed, context), context));
                    } catch (IntegrityFailure e) {
                        failed++;
                        JobTable.recordError(db, jobId, rows.getLong(1), column.table() + "." + column.column()
                                + " row does not open (key id " + PhiCipher.keyIdOf(sealed) + ")");
                        continue;
                    }
                    update.setLong(2, rows.getLong(1));
                    update.addBatch();
                    resealed++;
                }
                update.executeBatch();
            }
        }
        return new Outcome(resealed, failed);
    }
}
