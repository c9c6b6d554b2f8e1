package org.custos.fhir.bundle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.custos.audit.Audited;
import org.custos.errors.Failure;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.validation.ResourceValidator;
import org.custos.identity.Roles;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Processes {@code transaction} bundles (all entries in one database transaction: any failing entry rolls every
 * entry back) and {@code batch} bundles (each entry on its own). Entries are carried out by the store, so each is
 * authorized, tenant-scoped and validated like a single request.
 */
@Stateless
public class BundleService {

    /** FHIR's processing order for a transaction: deletes, creates, updates, then reads. */
    private static final List<Bundle.HTTPVerb> TRANSACTION_ORDER = List.of(Bundle.HTTPVerb.DELETE, Bundle.HTTPVerb.POST,
            Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.GET, Bundle.HTTPVerb.HEAD);

    private static final Logger LOG = Logger.getLogger(BundleService.class.getName());

    @Inject
    FhirResourceStore store;

    @Inject
    ResourceValidator validator;

    /** @param representation {@code Prefer: return=representation}: responses carry the written resources */
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT})
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    @Audited("transaction")
    public Bundle transaction(Bundle request, boolean representation) {
        List<PlannedEntry> entries = new ArrayList<>();
        for (int i = 0; i < request.getEntry().size(); i++) {
            entries.add(PlannedEntry.of(i, request.getEntry().get(i)));
        }
        TransactionReferences references = new TransactionReferences(store);
        Map<Integer, TransactionReferences.Target> targets = references.assignIds(entries);
        entries.stream().filter(entry -> entry.resource != null).forEach(references::rewrite);
        List<IBaseResource> toValidate = entries.stream().filter(entry -> entry.resource != null)
                .filter(entry -> entry.method == Bundle.HTTPVerb.POST || entry.method == Bundle.HTTPVerb.PUT)
                .filter(entry -> !targets.containsKey(entry.index) || !targets.get(entry.index).existing())
                .sorted(Comparator.comparingInt(entry -> TRANSACTION_ORDER.indexOf(entry.method)))
                .map(entry -> (IBaseResource) entry.resource).toList();
        EntryExecutor executor = new EntryExecutor(store, representation);
        Bundle.BundleEntryComponent[] responses = new Bundle.BundleEntryComponent[entries.size()];
        try (ResourceValidator.AheadOfTime validations = validator.validateAhead(toValidate)) {
            for (Bundle.HTTPVerb method : TRANSACTION_ORDER) {
                for (PlannedEntry entry : entries) {
                    if (entry.method == method) {
                        responses[entry.index] = inTransaction(entry, () -> executor.execute(entry,
                                Optional.ofNullable(targets.get(entry.index))));
                    }
                }
            }
        }
        for (PlannedEntry entry : entries) {
            if (responses[entry.index] == null) {
                throw new BundleEntryException(entry.index, 400, "method " + entry.method.toCode() + " is not supported");
            }
        }
        return responseBundle(Bundle.BundleType.TRANSACTIONRESPONSE, List.of(responses));
    }

    /**
     * Each entry in its own transaction; a failing entry is answered with its status and an OperationOutcome and
     * does not stop the others.
     */
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT})
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    @Audited("batch")
    public Bundle batch(Bundle request, boolean representation) {
        EntryExecutor executor = new EntryExecutor(store, representation);
        List<Bundle.BundleEntryComponent> responses = new ArrayList<>();
        for (int i = 0; i < request.getEntry().size(); i++) {
            try {
                PlannedEntry entry = PlannedEntry.of(i, request.getEntry().get(i));
                if (entry.resource != null) {
                    new TransactionReferences(store).rewrite(entry);
                }
                responses.add(executor.execute(entry, Optional.empty()));
            } catch (RuntimeException e) {
                responses.add(EntryExecutor.failure(i, e));
            }
        }
        return responseBundle(Bundle.BundleType.BATCHRESPONSE, responses);
    }

    private static Bundle.BundleEntryComponent inTransaction(PlannedEntry entry,
                                                             Supplier<Bundle.BundleEntryComponent> step) {
        try {
            return step.get();
        } catch (BundleEntryException e) {
            throw e;
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e).orElseGet(() -> internal(entry.index, e));
            throw new BundleEntryException(entry.index, failure.status(), failure.message());
        }
    }

    static Failure internal(int index, RuntimeException error) {
        LOG.log(Level.SEVERE, "Internal error in bundle entry {0}: {1}", new Object[] {index, Failure.typeChain(error)});
        return new Failure(500, "Internal server error");
    }

    private static Bundle responseBundle(Bundle.BundleType type, List<Bundle.BundleEntryComponent> entries) {
        Bundle response = new Bundle().setType(type);
        entries.forEach(response::addEntry);
        return response;
    }
}
