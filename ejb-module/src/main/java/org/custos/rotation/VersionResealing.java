package org.custos.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.custos.crypto.Blinding;
import org.custos.crypto.IntegrityFailure;
import org.custos.crypto.PhiCipher;
import org.custos.crypto.SealingContext;
import org.custos.fhir.search.SearchIndexWriter;
import org.custos.fhir.search.SearchIndexer;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.ResourceVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One batch of the job over {@code fhir_resource_version}, on the caller's transaction: each row is opened with its
 * own context and sealed again under the primary key, or sealed for the first time when it is a plain row written
 * before encryption — and then, when it is a resource's current version, its search-index rows (plain too, from
 * before blind indexes) are written again as blind indexes. The rows are locked while the batch runs, so a
 * concurrent write never sees a half state.
 */
final class VersionResealing {

    static final int BATCH = 500;

    /** What a batch did; {@code lastPk} is where the next one starts. */
    record Outcome(long lastPk, int done, int resealed, int failed) {
    }

    private final PhiCipher cipher;
    private final SearchIndexer indexer;
    private final Blinding blinding;

    VersionResealing(PhiCipher cipher, SearchIndexer indexer, Blinding blinding) {
        this.cipher = cipher;
        this.indexer = indexer;
        this.blinding = blinding;
    }

    /** @return empty when no rows are left up to {@code lastPk} */
    Optional<Outcome> next(Connection db, long jobId, long afterPk, long lastPk) throws SQLException {
        long last = afterPk;
        int done = 0;
        int resealed = 0;
        int failed = 0;
        try (PreparedStatement select = db.prepareStatement("SELECT v.pk, v.tenant_id, r.resource_type, r.resource_id,"
                + " v.version_id, v.resource_sealed, v.resource_json, r.pk, v.version_id = r.version_id AND NOT r.deleted"
                + " FROM fhir_resource_version v"
                + " JOIN fhir_resource r ON r.pk = v.resource_pk WHERE v.pk > ? AND v.pk <= ? ORDER BY v.pk LIMIT ?"
                + " FOR UPDATE OF v");
             PreparedStatement update = db.prepareStatement(
                     "UPDATE fhir_resource_version SET resource_sealed = ?, resource_json = NULL WHERE pk = ?")) {
            select.setLong(1, afterPk);
            select.setLong(2, lastPk);
            select.setInt(3, BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    last = rows.getLong(1);
                    done++;
                    SealingContext context = ResourceVersion.sealingContext(rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getLong(5));
                    byte[] sealed = rows.getBytes(6);
                    String plain = rows.getString(7);
                    if (sealed == null && plain != null && rows.getBoolean(9)) {
                        try {
                            reindex(db, rows.getString(2), rows.getLong(8), rows.getString(3), plain);
                        } catch (RuntimeException e) {
                            // Left plain for a later job: sealed without its index rows, it would not be found.
                            failed++;
                            JobTable.recordError(db, jobId, last, "index rows not rewritten ("
                                    + e.getClass().getSimpleName() + ")");
                            continue;
                        }
                    }
                    try {
                        Optional<byte[]> replacement = sealed != null ? cipher.resealed(sealed, context)
                                : Optional.ofNullable(plain).map(json -> cipher.seal(json, context));
                        if (replacement.isPresent()) {
                            update.setBytes(1, replacement.get());
                            update.setLong(2, last);
                            update.addBatch();
                            resealed++;
                        }
                    } catch (IntegrityFailure e) {
                        failed++;
                        JobTable.recordError(db, jobId, last, "does not open (key id " + PhiCipher.keyIdOf(sealed) + ")");
                    }
                }
            }
            if (resealed > 0) {
                update.executeBatch();
            }
        }
        return done == 0 ? Optional.empty() : Optional.of(new Outcome(last, done, resealed, failed));
    }

    /** The index rows of a resource stored before blind indexes, written again from its content. */
    private void reindex(Connection db, String tenant, long resourcePk, String type, String json) {
        IBaseResource resource = FhirContexts.r4().newJsonParser().parseResource(json);
        new SearchIndexWriter(db, tenant, blinding).replace(resourcePk, type, indexer.extract(resource), true);
    }
}
