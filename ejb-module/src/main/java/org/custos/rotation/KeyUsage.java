package org.custos.rotation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.custos.crypto.PhiCipher;

/**
 * How many stored rows depend on each key, counted across tenants (keys are the platform's): versions and the other
 * sealed values ({@link SealedColumns}) by the key id their ciphertext names, resources by the index key they were
 * indexed under.
 */
final class KeyUsage {

    /** Rows per keyset ({@code data}, {@code index}) and key id. */
    private final Map<String, Map<Long, Long>> rows = new HashMap<>();
    private long unsealedRows;
    private long resourcesToIndexAgain;

    private KeyUsage() {
    }

    static KeyUsage count(Connection db) throws SQLException {
        KeyUsage usage = new KeyUsage();
        try (Statement statement = db.createStatement()) {
            usage.countDataKeys(statement, "SELECT substring(resource_sealed from 1 for 5), count(*)"
                    + " FROM fhir_resource_version WHERE resource_sealed IS NOT NULL GROUP BY 1");
            for (SealedColumns.Column column : SealedColumns.BESIDE_VERSIONS) {
                usage.countDataKeys(statement, column.countByKeySql());
            }
            try (ResultSet plain = statement.executeQuery("SELECT count(*) FROM fhir_resource_version"
                    + " WHERE resource_sealed IS NULL AND resource_json IS NOT NULL")) {
                plain.next();
                usage.unsealedRows = plain.getLong(1);
            }
            try (ResultSet index = statement.executeQuery(
                    "SELECT index_key, count(*) FROM fhir_resource WHERE NOT deleted GROUP BY 1")) {
                while (index.next()) {
                    long keyId = index.getLong(1);
                    if (index.wasNull()) {
                        usage.resourcesToIndexAgain = index.getLong(2);
                    } else {
                        usage.add("index", keyId, index.getLong(2));
                    }
                }
            }
        }
        return usage;
    }

    /** @param sql rows of (first five bytes of a ciphertext, how many) */
    private void countDataKeys(Statement statement, String sql) throws SQLException {
        try (ResultSet data = statement.executeQuery(sql)) {
            while (data.next()) {
                String keyId = PhiCipher.keyIdOf(data.getBytes(1));
                add("data", "none".equals(keyId) ? 0 : Long.parseLong(keyId), data.getLong(2));
            }
        }
    }

    private void add(String keyset, long keyId, long count) {
        rows.computeIfAbsent(keyset, name -> new HashMap<>()).merge(keyId, count, Long::sum);
    }

    Map<Long, Long> rows(String keyset) {
        return rows.getOrDefault(keyset, Map.of());
    }

    long unsealedRows() {
        return unsealedRows;
    }

    long resourcesToIndexAgain() {
        return resourcesToIndexAgain;
    }
}
