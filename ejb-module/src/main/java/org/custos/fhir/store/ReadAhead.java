package org.custos.fhir.store;

import java.sql.Timestamp;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.custos.crypto.PhiCipher;
import org.custos.fhir.search.ConsentStatements;

/**
 * The current version of a resource, fetched ahead of the read that returns it. Consent's check of a read
 * ({@link org.custos.consent.ConsentChecked.Check#CURRENT_RESOURCE}) asks for the resource's consent facts and its
 * current version in one statement ({@link ConsentStatements#factsWithCurrentVersionOf}) and, only when consent
 * permits the read, keeps the version here, still sealed, with the call's JTA transaction. The store takes it
 * instead of asking the database again: one round trip fewer on every read, each a network round trip when the
 * database is on another host. Taken once; the transaction's end drops anything not taken.
 */
@ApplicationScoped
public class ReadAhead {

    private static final String KEY = ReadAhead.class.getName();

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    PhiCipher cipher;

    /**
     * Keeps the current version of {@code type/id} for the call about to run in this transaction.
     *
     * @param row a row of {@link ConsentStatements#factsWithCurrentVersionOf}
     */
    public void keep(String type, String id, Object[] row) {
        int at = ConsentStatements.FACT_COLUMN_COUNT;
        transactions.putResource(KEY, new Version(type, id, ((Number) row[at]).longValue(), (Timestamp) row[at + 1],
                (Boolean) row[at + 2], (byte[]) row[at + 3], (String) row[at + 4]));
    }

    /**
     * The current version of {@code type/id} if it was fetched ahead of this call, opened for {@code tenant}.
     *
     * @throws StoreException 410 when it is a delete
     */
    Optional<StoredJson> take(String type, String id, String tenant) {
        if (!(transactions.getResource(KEY) instanceof Version version) || !version.isOf(type, id)) {
            return Optional.empty();
        }
        transactions.putResource(KEY, null);
        if (version.deleted()) {
            throw StoreException.gone(type, id);
        }
        String json = version.sealed() != null
                ? cipher.open(version.sealed(), ResourceVersion.sealingContext(tenant, type, id, version.versionId()))
                : version.legacyJson();
        return Optional.of(new StoredJson(type, id, version.versionId(), version.lastUpdated().toInstant(), json));
    }

    private record Version(String type, String id, long versionId, Timestamp lastUpdated, boolean deleted,
                           byte[] sealed, String legacyJson) {

        boolean isOf(String otherType, String otherId) {
            return type.equals(otherType) && id.equals(otherId);
        }
    }
}
