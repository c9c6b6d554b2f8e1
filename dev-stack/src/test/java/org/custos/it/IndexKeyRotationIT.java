package org.custos.it;

import static org.custos.it.CryptoAdmin.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Index-key rotation online: after a new primary index key is loaded, new writes are indexed under it and older
 * resources are still found (searches hash under every key); the re-encryption job computes every resource's blind
 * indexes again under the new key while clients keep reading, writing and searching, after which no index row is
 * left under the old key and it can be disabled with every search still exact.
 */
@ExtendWith(RunningStack.class)
class IndexKeyRotationIT {

    private static final int PATIENTS = 300;

    private static IGenericClient fhir() {
        return Fhir.clientWithToken(Tokens.client("ehr-system"));
    }

    private static void createPatients(String familyPrefix, int count) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < count; i++) {
            Patient patient = new Patient();
            patient.addName().setFamily(familyPrefix + i);
            patient.addIdentifier().setSystem("urn:custos:rehash").setValue(familyPrefix + "-" + i);
            bundle.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }
        fhir().transaction().withBundle(bundle).execute();
    }

    private static long indexRowsUnder(int keyId) throws Exception {
        String prefix = Integer.toHexString(keyId) + ":%";
        return count("SELECT (SELECT count(*) FROM fhir_search_string WHERE value_normalized LIKE '" + prefix + "')"
                + " + (SELECT count(*) FROM fhir_search_token WHERE token_value LIKE '" + prefix + "')");
    }

    @Test
    void indexKeyRotationUnderConcurrentReadsAndWritesLeavesEverySearchExactAndNoRowUnderTheOldKey() throws Exception {
        createPatients("Rehashold", PATIENTS);
        int oldKey = CryptoAdmin.keyset("index").getPrimary().getId();
        assertTrue(indexRowsUnder(oldKey) > 0);
        int newKey = CryptoAdmin.addPrimary("index", PredefinedPrfParameters.HMAC_SHA256_PRF).getPrimary().getId();
        JsonNode reloaded = CryptoAdmin.reload();
        assertTrue(CryptoAdmin.key(reloaded, "index", Integer.toUnsignedLong(oldKey)).get("rows").asLong() >= PATIENTS,
                "resources still indexed under the old key are counted: " + reloaded);

        String written = KeyRotationIT.create("Rehashnew");
        assertEquals(Integer.toUnsignedLong(newKey), count("SELECT index_key FROM fhir_resource WHERE resource_id = '"
                + written + "'"), "a new write is indexed under the new key at once");
        assertEquals(PATIENTS, Fhir.total("Patient?family=Rehashold"), "older resources are still found meanwhile");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<?>> load = new ArrayList<>();
        load.add(clients.submit(() -> {
            while (running.get()) {
                KeyRotationIT.create("Rehashduring" + writes.getAndIncrement());
            }
            return null;
        }));
        for (int c = 0; c < 2; c++) {
            load.add(clients.submit(() -> {
                for (int i = 0; running.get(); i = (i + 7) % PATIENTS) {
                    int found = Fhir.total("Patient?identifier=urn:custos:rehash|Rehashold-" + i);
                    if (found != 1) {
                        synchronized (errors) {
                            errors.add("identifier Rehashold-" + i + " found " + found + " times");
                        }
                    }
                    KeyRotationIT.assertReads(written, "Rehashnew");
                }
                return null;
            }));
        }
        JsonNode job = CryptoAdmin.reencrypt();
        running.set(false);
        for (Future<?> client : load) {
            client.get();
        }
        clients.shutdown();

        assertEquals(List.of(), errors, "every search during the job found exactly its patient");
        assertEquals(0, job.get("rowsFailed").asLong(), job.toString());
        assertTrue(job.get("rowsReindexed").asLong() >= PATIENTS, job.toString());
        assertEquals(0, indexRowsUnder(oldKey), "no index row is left under the old key");
        assertEquals(0, count("SELECT count(*) FROM fhir_resource WHERE NOT deleted AND index_key IS DISTINCT FROM "
                + Integer.toUnsignedLong(newKey)), "every resource is indexed under the new key");
        assertEquals(0, CryptoAdmin.key(CryptoAdmin.json("GET", "/keys"), "index", Integer.toUnsignedLong(oldKey))
                .get("rows").asLong());

        CryptoAdmin.setStatus("index", oldKey, KeyStatus.DISABLED);
        CryptoAdmin.reload();
        assertEquals(PATIENTS, Fhir.total("Patient?family=Rehashold"));
        assertEquals(1, Fhir.total("Patient?family:exact=Rehashold" + (PATIENTS - 1)));
        assertEquals(1, Fhir.total("Patient?identifier=urn:custos:rehash|Rehashold-0"));
        assertEquals(writes.get(), Fhir.total("Patient?family=Rehashduring"), "every write during the job is found");
    }
}
