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
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.crypto.CryptoKeys;
import org.custos.crypto.KeyInfo;
import org.custos.tenancy.RowSecurity;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Since when each key is in use, and the rotation warning: a primary key older than {@code custos.crypto.rotation-days}
 * (default 90) is logged as due for rotation at startup, after every key reload and once a day. Just after startup
 * and on every reload it also counts the rows under each key and warns about rows under a key that is not enabled.
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

    @Resource
    TimerService timers;

    /**
     * Counting the rows under each key reads every resource version: done just after deployment rather than during
     * it, so that start-up time does not grow with the database.
     */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void checkAtStartup() {
        timers.createSingleActionTimer(1, new TimerConfig(null, false));
    }

    @Timeout
    void checkAfterStartup() {
        inventory();
    }

    @Schedule(hour = "3", persistent = false)
    void checkDaily() {
        current();
    }

    /** Records keys seen for the first time, and warns about primary keys due for rotation. */
    private List<ManagedKey> current() {
        try (Connection db = dataSource.getConnection()) {
            return ages(db, keys.keys());
        } catch (SQLException e) {
            throw new IllegalStateException("Key ages cannot be recorded", e);
        }
    }

    /**
     * The keys' ages with the rows that depend on each key, including keys the keysets no longer have; rows
     * under a key that is not enabled are logged, so that they are never silently unreadable or unfindable.
     */
    public KeyInventory inventory() {
        try {
            KeyInventory inventory = RowSecurity.acrossTenants(dataSource, db -> {
                KeyUsage usage = KeyUsage.count(db);
                List<KeyInfo> all = new ArrayList<>(keys.keys());
                for (String keyset : List.of("data", "index")) {
                    usage.rows(keyset).keySet().stream()
                            .filter(id -> all.stream().noneMatch(k -> k.keyset().equals(keyset) && k.keyId() == id))
                            .forEach(id -> all.add(new KeyInfo(keyset, id, "ABSENT", false)));
                }
                List<ManagedKey> counted = ages(db, all).stream()
                        .map(key -> key.withRows(usage.rows(key.keyset()).getOrDefault(key.keyId(), 0L))).toList();
                return new KeyInventory(counted, usage.unsealedRows(), usage.resourcesToIndexAgain());
            });
            inventory.keys().stream().filter(ManagedKey::stranded).forEach(KeyAges::warnStranded);
            return inventory;
        } catch (SQLException e) {
            throw new IllegalStateException("Key usage cannot be counted", e);
        }
    }

    private static void warnStranded(ManagedKey key) {
        LOG.warning(() -> "data".equals(key.keyset())
                ? key.rows() + " stored values (resource versions, grant reasons, export files) are sealed under data key "
                        + key.keyId() + ", which is " + key.status() + ": they cannot be read. Enable the key again,"
                        + " run the re-encryption job, then disable it"
                : key.rows() + " resources are indexed under index key " + key.keyId() + ", which is " + key.status()
                        + ": searches on PHI parameters miss them until the re-encryption job indexes them again");
    }

    private List<ManagedKey> ages(Connection db, List<KeyInfo> keyInfos) throws SQLException {
        List<ManagedKey> ages = new ArrayList<>();
        try (PreparedStatement record = db.prepareStatement("INSERT INTO crypto_key (keyset, key_id) VALUES (?, ?)"
                     + " ON CONFLICT DO NOTHING");
             PreparedStatement since = db.prepareStatement(
                     "SELECT first_seen FROM crypto_key WHERE keyset = ? AND key_id = ?")) {
            for (KeyInfo key : keyInfos) {
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
        }
        ages.stream().filter(ManagedKey::rotationDue).forEach(due -> LOG.warning(() -> "The primary " + due.keyset()
                + " key " + due.keyId() + " is " + due.ageDays() + " days old (rotation interval " + rotationDays
                + " days): add a new primary key, reload the keys and run the re-encryption job"));
        return ages;
    }

    private ManagedKey age(KeyInfo key, Instant firstSeen) {
        long days = Duration.between(firstSeen, Instant.now()).toDays();
        return new ManagedKey(key.keyset(), key.keyId(), key.status(), key.primary(), firstSeen, days,
                key.primary() && days > rotationDays, null);
    }
}
