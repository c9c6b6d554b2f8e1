package org.custos.tenancy;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement written with numbered placeholders ({@code ?1}, {@code ?2}, … which may repeat, as JPA's native
 * queries take them) turned into one JDBC takes: a plain {@code ?} each, and the arguments in that order. A plain
 * scan rather than a regular expression: every read's consent check runs its statement through this, and matching a
 * pattern along a statement of a few kilobytes cost a read ~7 % of its CPU.
 */
final class NumberedPlaceholders {

    private final String jdbcSql;
    /** The number each {@code ?} of {@link #jdbcSql} stood for, in order. */
    private final int[] numbers;

    private NumberedPlaceholders(String jdbcSql, int[] numbers) {
        this.jdbcSql = jdbcSql;
        this.numbers = numbers;
    }

    static NumberedPlaceholders of(String sql) {
        StringBuilder jdbcSql = new StringBuilder(sql.length());
        List<Integer> numbers = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i++);
            jdbcSql.append(c);
            if (c != '?') {
                continue;
            }
            int number = 0;
            int digits = 0;
            while (i < sql.length() && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
                number = Math.addExact(Math.multiplyExact(number, 10), sql.charAt(i++) - '0');
                digits++;
            }
            if (digits == 0) {
                throw new IllegalArgumentException("Unnumbered placeholder at " + (i - 1));
            }
            numbers.add(number);
        }
        return new NumberedPlaceholders(jdbcSql.toString(), numbers.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The statement with a plain {@code ?} for each placeholder. */
    String jdbcSql() {
        return jdbcSql;
    }

    /** The arguments in the order of the statement's {@code ?}s; {@code parameters} holds ?1 first. */
    List<Object> bind(List<Object> parameters) {
        List<Object> bound = new ArrayList<>(numbers.length);
        for (int number : numbers) {
            if (number < 1 || number > parameters.size()) {
                throw new IllegalArgumentException("No argument for placeholder ?" + number);
            }
            bound.add(parameters.get(number - 1));
        }
        return bound;
    }
}
