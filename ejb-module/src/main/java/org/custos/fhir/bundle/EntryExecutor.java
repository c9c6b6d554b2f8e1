package org.custos.fhir.bundle;

import java.util.Optional;

import org.custos.errors.Failure;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.SearchResult;
import org.custos.fhir.store.WriteResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** Carries out one bundle entry through the store and describes the outcome as a response entry. */
final class EntryExecutor {

    private final FhirResourceStore store;
    private final boolean representation;

    EntryExecutor(FhirResourceStore store, boolean representation) {
        this.store = store;
        this.representation = representation;
    }

    /**
     * @param target in a transaction, the id decided beforehand for a POST or conditional PUT; empty in a batch,
     *               where the store decides as for a single request
     */
    Bundle.BundleEntryComponent execute(PlannedEntry entry, Optional<TransactionReferences.Target> target) {
        return switch (entry.method) {
            case POST -> target.isPresent() ? createWithAssignedId(entry, target.get())
                    : written(store.create(entry.resource, entry.ifNoneExist));
            case PUT -> written(target.isPresent()
                    ? store.update(entry.type, target.get().id(), entry.resource, entry.ifMatch)
                    : entry.condition != null ? store.update(entry.condition, entry.resource)
                    : store.update(entry.type, entry.id, entry.resource, entry.ifMatch));
            case DELETE -> delete(entry);
            case GET -> read(entry);
            default -> throw new BundleEntryException(entry.index, 400,
                    "method " + entry.method.toCode() + " is not supported");
        };
    }

    private Bundle.BundleEntryComponent createWithAssignedId(PlannedEntry entry, TransactionReferences.Target target) {
        if (target.existing()) {
            return response("200 OK", store.read(entry.type, target.id()));
        }
        return written(store.createWithAssignedId(entry.resource, target.id()));
    }

    private Bundle.BundleEntryComponent delete(PlannedEntry entry) {
        if (entry.condition != null) {
            store.delete(entry.condition);
        } else if (entry.id != null) {
            store.delete(entry.type, entry.id);
        } else {
            throw new BundleEntryException(entry.index, 400, "DELETE needs Type/id or a conditional URL");
        }
        Bundle.BundleEntryComponent response = new Bundle.BundleEntryComponent();
        response.getResponse().setStatus("204 No Content");
        return response;
    }

    private Bundle.BundleEntryComponent read(PlannedEntry entry) {
        if (entry.condition != null) {
            SearchResult result = store.search(entry.condition);
            Bundle searchSet = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) result.total());
            result.matches().forEach(match -> searchSet.addEntry().setResource((Resource) match));
            Bundle.BundleEntryComponent response = new Bundle.BundleEntryComponent().setResource(searchSet);
            response.getResponse().setStatus("200 OK");
            return response;
        }
        if (entry.id == null) {
            throw new BundleEntryException(entry.index, 400, "GET needs Type/id or a search URL");
        }
        IBaseResource resource = entry.version != null
                ? store.vread(entry.type, entry.id, entry.version) : store.read(entry.type, entry.id);
        Bundle.BundleEntryComponent response = response("200 OK", resource);
        return response.setResource((Resource) resource);
    }

    private Bundle.BundleEntryComponent written(WriteResult result) {
        return response(result.created() ? "201 Created" : "200 OK", result.resource());
    }

    private Bundle.BundleEntryComponent response(String status, IBaseResource resource) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        String version = resource.getIdElement().getVersionIdPart();
        entry.getResponse().setStatus(status)
                .setLocation(resource.getIdElement().toUnqualified().getValue())
                .setEtag("W/\"" + version + "\"")
                .setLastModified(resource.getMeta().getLastUpdated());
        if (representation) {
            entry.setResource((Resource) resource);
        }
        return entry;
    }

    /** A failed batch entry: its status and an OperationOutcome with the caller-safe reason. */
    static Bundle.BundleEntryComponent failure(int index, RuntimeException error) {
        Failure failure = Failure.of(error).orElseGet(() -> BundleService.internal(index, error));
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(failure.status() >= 500 ? OperationOutcome.IssueType.EXCEPTION : OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(failure.message());
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        entry.getResponse().setStatus(Integer.toString(failure.status())).setOutcome(outcome);
        return entry;
    }
}
