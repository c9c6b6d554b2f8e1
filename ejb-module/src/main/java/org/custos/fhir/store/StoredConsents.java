package org.custos.fhir.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.custos.crypto.Blinding;
import org.custos.fhir.search.ConsentStatements;
import org.custos.fhir.search.SearchIndexer;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.r4.model.Consent;

/**
 * Patients' Consent resources as the consent services need them, in the caller's transaction and tenant: for
 * decisions (not an interaction of their own, so not audited themselves), for the privacy officers' listing, and
 * their revocation (a new version, as every change).
 */
public final class StoredConsents {

    private final EntityManager em;

    public StoredConsents(EntityManager em) {
        this.em = em;
    }

    /** The current versions of these Consents by key (a deleted one, or one that is not a Consent, is missing). */
    public Map<Long, Consent> byKeys(List<Long> keys) {
        Map<Long, Consent> consents = new HashMap<>();
        stored().currentByKey(keys).forEach((key, resource) -> {
            if (resource instanceof Consent consent) {
                consents.put(key, consent);
            }
        });
        return consents;
    }

    /** Every Consent about the patient, in any status, oldest first. */
    public List<Consent> ofPatient(String patientId) {
        ConsentStatements.Statement statement = ConsentStatements.consentsOf(patientId, TenantColumn.currentTenant(em));
        List<Long> keys = TenantNativeQuery.create(em, statement.sql(), statement.parameters()).getResultList()
                .stream().map(key -> ((Number) key).longValue()).toList();
        Map<Long, Consent> byKey = byKeys(keys);
        return keys.stream().map(byKey::get).filter(consent -> consent != null).toList();
    }

    /**
     * Sets the Consent's status to inactive in a new version; one that is inactive already is left as it is.
     *
     * @return the current version; empty when there is no such Consent
     */
    public Optional<Consent> revoke(String id, SearchIndexer indexer, Blinding blinding) {
        StoredResources stored = stored();
        Optional<ResourceRecord> record = stored.record("Consent", id, LockModeType.PESSIMISTIC_WRITE)
                .filter(found -> !found.isDeleted());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        ResourceVersion current = stored.version("Consent", id, Optional.empty());
        Consent consent = (Consent) stored.parse(current.resource(), current);
        if (consent.getStatus() == Consent.ConsentState.INACTIVE) {
            return Optional.of(consent);
        }
        consent.setStatus(Consent.ConsentState.INACTIVE);
        return Optional.of((Consent) new VersionWriter(em, FhirContexts.r4(), indexer, blinding)
                .write(record.get(), consent));
    }

    private StoredResources stored() {
        return new StoredResources(em, FhirContexts.r4());
    }
}
