package org.custos.it;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail's rows for one request id, read as a superuser straight from PostgreSQL. */
final class AuditRecords {

    private AuditRecords() {
    }

    static List<Map<String, Object>> of(String requestId) throws SQLException {
        try (Connection db = StackDatabase.superuser();
             PreparedStatement select = db.prepareStatement("SELECT * FROM audit_event WHERE request_id = ?"
                     + " ORDER BY id")) {
            select.setString(1, requestId);
            List<Map<String, Object>> records = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        Object value = rows.getObject(column);
                        record.put(rows.getMetaData().getColumnName(column),
                                value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
                    }
                    records.add(record);
                }
            }
            return records;
        }
    }
}
