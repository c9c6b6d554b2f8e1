package org.custos.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.crypto.CryptoKeys;
import org.custos.crypto.KeyInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Since when each key is in use, and the rotation warning: a primary key older than {@code custos.crypto.rotation-days}
 * (default 90) is logged as due for rotation at startup, after every key reload and once a day.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyAges {

    private static final Logger LOG = Logger.getLogger(KeyAges.class.getName());

    @Resource(lookup = "jdbc/custos")
    DataSource dataSource;

    @Inject
    CryptoKeys keys;

    @Inject
    @ConfigProperty(name = "custos.crypto.rotation-days", defaultValue = "90")
    int rotationDays;

    @PostConstruct
    void checkAtStartup() {
        current();
    }

    @Schedule(hour = "3", persistent = false)
    void checkDaily() {
        current();
    }

    /** Records keys seen for the first time, and warns about primary keys due for rotation. */
    public List<KeyAge> current() {
        List<KeyAge> ages = new ArrayList<>();
        try (Connection db = dataSource.getConnection();
             PreparedStatement record = db.prepareStatement("INSERT INTO crypto_key (keyset, key_id) VALUES (?, ?)"
                     + " ON CONFLICT DO NOTHING");
             PreparedStatement since = db.prepareStatement(
                     "SELECT first_seen FROM crypto_key WHERE keyset = ? AND key_id = ?")) {
            for (KeyInfo key : keys.keys()) {
                record.setString(1, key.keyset());
                record.setLong(2, key.keyId());
                record.executeUpdate();
                since.setString(1, key.keyset());
                since.setLong(2, key.keyId());
                try (ResultSet row = since.executeQuery()) {
                    row.next();
                    ages.add(age(key, row.getTimestamp(1).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Key ages cannot be recorded", e);
        }
        ages.stream().filter(KeyAge::rotationDue).forEach(due -> LOG.warning(() -> "The primary " + due.keyset()
                + " key " + due.keyId() + " is " + due.ageDays() + " days old (rotation interval " + rotationDays
                + " days): add a new primary key, reload the keys and run the re-encryption job"));
        return ages;
    }

    private KeyAge age(KeyInfo key, Instant firstSeen) {
        long days = Duration.between(firstSeen, Instant.now()).toDays();
        return new KeyAge(key.keyset(), key.keyId(), key.status(), key.primary(), firstSeen, days,
                key.primary() && days > rotationDays);
    }
}
