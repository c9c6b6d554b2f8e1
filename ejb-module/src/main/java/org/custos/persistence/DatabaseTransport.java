package org.custos.persistence;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * TLS to PostgreSQL. In the {@code production} profile (the default of {@code custos.profile}) the connection must
 * be encrypted and verify the server's certificate and host name ({@code sslmode=verify-full} in the JDBC URL),
 * or the application refuses to start; the {@code dev} profile of {@code ./run.sh} runs without TLS and says so.
 */
final class DatabaseTransport {

    private static final Logger LOG = Logger.getLogger(DatabaseTransport.class.getName());

    private DatabaseTransport() {
    }

    static void check(DataSource dataSource, String profile) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet ssl = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            boolean encrypted = ssl.next() && ssl.getBoolean(1);
            Optional<String> violation = violation(profile, connection.getMetaData().getURL(), encrypted);
            if (violation.isPresent()) {
                LOG.severe("Custos refuses to start: " + violation.get());
                throw new IllegalStateException(violation.get());
            }
            if (!encrypted) {
                LOG.warning("DEV profile: the connection to PostgreSQL is not encrypted (no TLS). Never run the dev"
                        + " profile with real patient data.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The database connection cannot be checked", e);
        }
    }

    /** @return why this connection is not acceptable in the profile, or empty when it is */
    static Optional<String> violation(String profile, String jdbcUrl, boolean encrypted) {
        if ("dev".equals(profile)) {
            return Optional.empty();
        }
        if (!"production".equals(profile)) {
            return Optional.of("custos.profile must be 'production' or 'dev', not '" + profile + "'");
        }
        if (!"verify-full".equals(sslMode(jdbcUrl)) || !encrypted) {
            return Optional.of("the production profile requires TLS to PostgreSQL with certificate and host name"
                    + " verification: add sslmode=verify-full (and sslrootcert=...) to the JDBC URL (CUSTOS_DB_URL),"
                    + " or set custos.profile=dev for a development database");
        }
        return Optional.empty();
    }

    private static String sslMode(String jdbcUrl) {
        String query = jdbcUrl == null ? null : URI.create(jdbcUrl.replaceFirst("^jdbc:", "")).getRawQuery();
        if (query == null) {
            return "";
        }
        return Arrays.stream(query.split("&"))
                .filter(pair -> pair.toLowerCase(Locale.ROOT).startsWith("sslmode="))
                .map(pair -> pair.substring("sslmode=".length()).toLowerCase(Locale.ROOT))
                .reduce((first, last) -> last)
                .orElse("");
    }
}
