package org.custos.fhir.bundle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import ca.uhn.fhir.util.FhirTerser;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchUrls;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.SearchResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * The references of one transaction. Before anything is written, every entry that creates a resource gets its
 * id (or, for a conditional create that matches, the existing resource's id), so that entries may refer to each
 * other by {@code urn:uuid} in any order; conditional references ({@code Organization?identifier=x|1}), as Synthea
 * writes them, are resolved by searching, and must match exactly one resource.
 */
final class TransactionReferences {

    private final FhirResourceStore store;
    private final FhirTerser terser = FhirContexts.r4().newTerser();
    private final Map<String, String> byFullUrl = new HashMap<>();
    private final Map<String, String> byCondition = new HashMap<>();

    TransactionReferences(FhirResourceStore store) {
        this.store = store;
    }

    /**
     * Decides the id of every POST and conditional PUT.
     *
     * @return for each entry index, the id it writes to, and whether a conditional create found an existing match
     */
    Map<Integer, Target> assignIds(List<PlannedEntry> entries) {
        Map<Integer, Target> targets = new HashMap<>();
        for (PlannedEntry entry : entries) {
            Target target = switch (entry.method) {
                case POST -> entry.ifNoneExist.flatMap(condition -> match(entry.index, condition))
                        .map(existing -> new Target(existing, true))
                        .orElseGet(() -> new Target(UUID.randomUUID().toString(), false));
                case PUT -> entry.condition == null ? new Target(entry.id, false)
                        : match(entry.index, entry.condition).map(existing -> new Target(existing, false))
                        .orElseGet(() -> new Target(UUID.randomUUID().toString(), false));
                default -> null;
            };
            if (target != null) {
                targets.put(entry.index, target);
                if (entry.fullUrl != null && !entry.fullUrl.isBlank()) {
                    byFullUrl.put(entry.fullUrl, entry.type + "/" + target.id());
                }
            }
        }
        return targets;
    }

    /** Points every {@code urn:uuid} and conditional reference of the resource at the resource it means. */
    void rewrite(PlannedEntry entry) {
        for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.resource, Reference.class)) {
            String value = reference.getReference();
            if (value == null) {
                continue;
            }
            String resolved = byFullUrl.get(value);
            if (resolved == null && value.startsWith("urn:")) {
                throw new BundleEntryException(entry.index, 400, "a urn reference names no entry of the transaction");
            }
            if (resolved == null && value.contains("?")) {
                resolved = byCondition.computeIfAbsent(value, condition -> resolveCondition(entry.index, condition));
            }
            if (resolved != null) {
                reference.setReference(resolved);
            }
        }
    }

    private String resolveCondition(int index, String conditionalReference) {
        String type = conditionalReference.substring(0, conditionalReference.indexOf('?'));
        if (!FhirContexts.r4().getResourceTypes().contains(type)) {
            throw new BundleEntryException(index, 400, "a conditional reference names no R4 resource type");
        }
        return type + "/" + match(index, SearchUrls.fromConditionalUrl(type, conditionalReference))
                .orElseThrow(() -> new BundleEntryException(index, 412, "a conditional reference matches no resource"));
    }

    /** The id of the one resource a condition matches; 412 when it matches several. */
    private Optional<String> match(int index, SearchQuery condition) {
        SearchResult result = store.search(new SearchQuery(condition.resourceType(), condition.criteria(), 2));
        if (result.total() > 1) {
            throw new BundleEntryException(index, 412, "a condition matches more than one " + condition.resourceType());
        }
        return result.matches().stream().findFirst().map(IBaseResource::getIdElement).map(id -> id.getIdPart());
    }

    /** The id an entry writes to; {@code existing}: a conditional create matched, nothing is written. */
    record Target(String id, boolean existing) {
    }
}
