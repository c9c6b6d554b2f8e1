package org.custos.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class NumberedPlaceholdersTest {

    @Test
    void numberedPlaceholdersBecomePlainOnesWithTheirArgumentsInStatementOrder() {
        NumberedPlaceholders statement = NumberedPlaceholders.of(
                "SELECT 1 FROM t WHERE t.tenant_id = ?1 AND t.a IN (?3, ?2) AND u.tenant_id = ?1 AND t.b = ?12");
        assertEquals("SELECT 1 FROM t WHERE t.tenant_id = ? AND t.a IN (?, ?) AND u.tenant_id = ? AND t.b = ?",
                statement.jdbcSql());
        List<Object> parameters = List.of("tenant", "two", "three", 4, 5, 6, 7, 8, 9, 10, 11, "twelve");
        assertEquals(List.of("tenant", "three", "two", "tenant", "twelve"), statement.bind(parameters));
    }

    @Test
    void aStatementWithoutPlaceholdersIsLeftAsItIs() {
        NumberedPlaceholders statement = NumberedPlaceholders.of("SELECT 'a', 2");
        assertEquals("SELECT 'a', 2", statement.jdbcSql());
        assertEquals(List.of(), statement.bind(List.of("unused")));
    }

    @Test
    void anUnnumberedPlaceholderOrAMissingArgumentIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> NumberedPlaceholders.of("SELECT ? FROM t"));
        NumberedPlaceholders statement = NumberedPlaceholders.of("SELECT ?2");
        assertThrows(IllegalArgumentException.class, () -> statement.bind(List.of("only one")));
        assertThrows(IllegalArgumentException.class, () -> NumberedPlaceholders.of("SELECT ?0").bind(List.of("a")));
    }
}
