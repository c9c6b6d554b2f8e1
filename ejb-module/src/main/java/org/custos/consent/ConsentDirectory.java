package org.custos.consent;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.audit.Audited;
import org.custos.crypto.Blinding;
import org.custos.errors.RequestRefused;
import org.custos.fhir.search.SearchIndexer;
import org.custos.fhir.store.StoredConsents;
import org.custos.identity.Roles;
import org.custos.tenancy.TenantScoped;

/**
 * The privacy office's view of patients' consents (admin API): a patient's consents with their status and expiry,
 * and revocation — the consent becomes inactive in a new version, so its history shows what was in force when.
 * Consents themselves are written as FHIR {@code Consent} resources through the FHIR endpoint.
 */
@Stateless
@TenantScoped
public class ConsentDirectory {

    @PersistenceContext(unitName = "custos")
    EntityManager em;

    @Inject
    SearchIndexer indexer;

    @Inject
    Blinding blinding;

    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.CLINICIAN})
    @Audited(value = "list-consents", target = "Patient", idArgument = 0)
    public List<ConsentSummary> ofPatient(String patientId) {
        if (patientId == null || patientId.isBlank()) {
            throw new RequestRefused(400, "Name the patient: ?patient=ID");
        }
        Instant now = Instant.now();
        return new StoredConsents(em).ofPatient(patientId).stream().map(consent -> ConsentSummary.of(consent, now))
                .toList();
    }

    /** @throws RequestRefused 404 when there is no such consent */
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Audited(value = "revoke-consent", target = "Consent", idArgument = 0)
    public ConsentSummary revoke(String consentId) {
        return new StoredConsents(em).revoke(consentId, indexer, blinding)
                .map(consent -> ConsentSummary.of(consent, Instant.now()))
                .orElseThrow(() -> new RequestRefused(404, "No such consent"));
    }
}
