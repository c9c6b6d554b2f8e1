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
 * before encryption. When the row is a resource's current version and that resource's index rows are not all under
 * the primary index key — plain rows from before blind indexes, or blind indexes under an older index key — they are
 * computed again from its content. The version and resource rows are locked while the batch runs, so a concurrent
 * write of the same resource waits for it and never sees, or leaves, a half state.
 */
final class VersionResealing {

    static final int BATCH = 500;

    /** What a batch did; {@code lastPk} is where the next one starts. */
    record Outcome(long lastPk, int done, int resealed, int reindexed, int failed) {
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
        long indexKey = blinding.keyId();
        long last = afterPk;
        int done = 0;
        int resealed = 0;
        int reindexed = 0;
        int failed = 0;
        try (PreparedStatement select = db.prepareStatement("SELECT v.pk, v.tenant_id, r.resource_type, r.resource_id,"
                + " v.version_id, v.resource_sealed, v.resource_json, r.pk,"
                + " v.version_id = r.version_id AND NOT r.deleted AND r.index_key IS DISTINCT FROM ?"
                + " FROM fhir_resource_version v"
                + " JOIN fhir_resource r ON r.pk = v.resource_pk WHERE v.pk > ? AND v.pk <= ? ORDER BY v.pk LIMIT ?"
                // The resource rows too: a write of the same resource waits for the batch, so its new index rows
                // are never replaced by ones computed from the version it supersedes.
                + " FOR UPDATE OF v, r");
             PreparedStatement update = db.prepareStatement(
                     "UPDATE fhir_resource_version SET resource_sealed = ?, resource_json = NULL WHERE pk = ?")) {
            select.setLong(1, indexKey);
            select.setLong(2, afterPk);
            select.setLong(3, lastPk);
            select.setInt(4, BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    last = rows.getLong(1);
                    done++;
                    byte[] sealed = rows.getBytes(6);
                    String plain = rows.getString(7);
                    boolean reseal = sealed == null ? plain != null : !cipher.sealedUnderPrimary(sealed);
                    boolean reindex = rows.getBoolean(9);
                    if (!reseal && !reindex) {
                        continue;
                    }
                    String tenant = rows.getString(2);
                    String type = rows.getString(3);
                    SealingContext context = ResourceVersion.sealingContext(tenant, type, rows.getString(4),
                            rows.getLong(5));
                    String json;
                    try {
                        json = sealed == null ? plain : cipher.open(sealed, context);
                    } catch (IntegrityFailure e) {
                        failed++;
                        JobTable.recordError(db, jobId, last, "does not open (key id " + PhiCipher.keyIdOf(sealed) + ")");
                        continue;
                    }
                    if (reindex) {
                        try {
                            reindex(db, tenant, rows.getLong(8), type, json);
                            reindexed++;
                        } catch (RuntimeException e) {
                            failed++;
                            JobTable.recordError(db, jobId, last, "index rows not rewritten ("
                                    + e.getClass().getSimpleName() + ")");
                            if (sealed == null) {
                                // Left plain for a later job: sealed without its index rows, it would not be found.
                                continue;
                            }
                        }
                    }
                    if (reseal) {
                        update.setBytes(1, cipher.seal(json, context));
                        update.setLong(2, last);
                        update.addBatch();
                        resealed++;
                    }
                }
            }
            if (resealed > 0) {
                update.executeBatch();
            }
        }
        return done == 0 ? Optional.empty() : Optional.of(new Outcome(last, done, resealed, reindexed, failed));
    }

    /** The index rows of a resource written again from its content, under the primary index key. */
    private void reindex(Connection db, String tenant, long resourcePk, String type, String json) {
        IBaseResource resource = FhirContexts.r4().newJsonParser().parseResource(json);
        new SearchIndexWriter(db, tenant, blinding).replace(resourcePk, type, indexer.extract(resource), true);
    }
}
