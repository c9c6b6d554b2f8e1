package org.custos.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

import org.custos.crypto.LengthPrefixed;

/**
 * The hash that links an audit record into its chain: SHA-256 over the predecessor's hash, the record's place in the
 * chain and everything the record says, each field length-prefixed (no field can pass for another) and a null
 * distinct from every value. Sealing and verifying compute it the same way, from the same columns.
 */
final class RecordDigest {

    /** The columns a record's hash covers, in order. */
    static final String CONTENT_COLUMNS = "id, tenant_id, recorded_at, actor_subject, actor_username, actor_client,"
            + " actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome, reason,"
            + " purpose_of_use, source_ip, user_agent, request_id, request_method, request_path";
    /** The predecessor of a chain's first record. */
    static final byte[] GENESIS = new byte[32];

    private static final byte FORMAT = 1;
    private static final int FIELDS = 20;
    /** recorded_at: a timestamp, written as epoch seconds and microseconds so that no time zone enters the hash. */
    private static final int RECORDED_AT = 3;

    private RecordDigest() {
    }

    /** @param row positioned on a record, selected with {@link #CONTENT_COLUMNS} first */
    static byte[] of(ResultSet row, long chainSeq, byte[] previous) throws SQLException {
        String[] fields = new String[FIELDS + 1];
        fields[0] = Long.toString(chainSeq);
        for (int column = 1; column <= FIELDS; column++) {
            fields[column] = field(row, column);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous);
            return sha256.digest(LengthPrefixed.encode(FORMAT, fields));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String field(ResultSet row, int column) throws SQLException {
        Object value = row.getObject(column);
        if (value == null) {
            return "0";
        }
        if (value instanceof Array array) {
            return "1" + String.join("\u001f", Arrays.stream((Object[]) array.getArray()).map(String::valueOf)
                    .toArray(String[]::new));
        }
        if (column == RECORDED_AT) {
            Instant recorded = row.getObject(column, OffsetDateTime.class).toInstant();
            return "1" + recorded.getEpochSecond() + "."
                    + recorded.getNano() / 1000;
        }
        return "1" + value;
    }
}
