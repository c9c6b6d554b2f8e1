package org.custos.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.custos.crypto.LengthPrefixed;

/**
 * What an audit record says, in one canonical form for the two things computed over it: the MAC the writer gives
 * every record ({@link #macContent}) and the hash that links it into its chain ({@link #of}). Each field is
 * length-prefixed (no field can pass for another) and a null is distinct from every value; written records and
 * stored rows give the same bytes.
 */
final class RecordDigest {

    /** The columns a record's content covers, in order (the id first). */
    static final String CONTENT_COLUMNS = "id, tenant_id, recorded_at, actor_subject, actor_username, actor_client,"
            + " actor_roles, action, resource_type, resource_id, resource_version, patient_ids, outcome, reason,"
            + " purpose_of_use, source_ip, user_agent, request_id, request_method, request_path";
    /** The predecessor of a chain's first record. */
    static final byte[] GENESIS = new byte[32];

    private static final byte HASH_FORMAT = 1;
    private static final byte MAC_FORMAT = 2;
    private static final int FIELDS = 20;
    /** recorded_at: a timestamp, written as epoch seconds and microseconds so that no time zone enters. */
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
            return sha256.digest(LengthPrefixed.encode(HASH_FORMAT, fields));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The content a stored record's MAC covers: everything but its id, which the database assigns. */
    static byte[] macContent(ResultSet row) throws SQLException {
        String[] fields = new String[FIELDS - 1];
        for (int column = 2; column <= FIELDS; column++) {
            fields[column - 2] = field(row, column);
        }
        return LengthPrefixed.encode(MAC_FORMAT, fields);
    }

    /** The same content of a record about to be written. */
    static byte[] macContent(AuditRecord record, RequestOrigin origin, Instant recordedAt) {
        return LengthPrefixed.encode(MAC_FORMAT, text(record.tenant().orElse(null)), time(recordedAt),
                text(record.actorSubject()), text(record.actorUsername()), text(record.actorClient()),
                text(record.actorRoles()), text(record.action()), text(record.resourceType()),
                text(record.resourceId()), text(record.resourceVersion()), list(record.patientIds()),
                text(record.outcome()), text(record.reason().orElse(null)), text(origin.purposeOfUse()),
                text(origin.sourceIp()),
                text(origin.userAgent()), text(origin.requestId()), text(origin.method()), text(origin.path()));
    }

    private static String field(ResultSet row, int column) throws SQLException {
        Object value = row.getObject(column);
        if (value instanceof Array array) {
            return list(Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList());
        }
        if (column == RECORDED_AT && value != null) {
            return time(row.getObject(column, OffsetDateTime.class).toInstant());
        }
        return text(value);
    }

    private static String text(Object value) {
        return value == null ? "0" : "1" + value;
    }

    private static String list(List<String> values) {
        return "1" + String.join("\u001f", values);
    }

    private static String time(Instant instant) {
        return "1" + instant.getEpochSecond() + "." + instant.getNano() / 1000;
    }
}
