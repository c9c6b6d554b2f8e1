package org.custos.fhir.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import ca.uhn.fhir.context.FhirContext;
import org.custos.crypto.Blinding;
import org.custos.fhir.search.CompartmentStatement;
import org.custos.fhir.search.ExportStatement;
import org.custos.fhir.search.IncludeStatement;
import org.custos.fhir.search.Matches;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchStatement;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Runs a search inside the store's transaction: what consent hides is taken out first, then the count (unless
 * consent, which had to visit every match, counted them already), the page in order, and its includes (of which,
 * again, only what the caller may see).
 */
final class SearchRunner {

    /** How deep {@code :iterate} follows references from included resources. */
    private static final int MAX_ITERATIONS = 4;

    private final EntityManager em;
    private final FhirContext fhirContext;
    private final StoredResources stored;
    private final String tenant;
    private final Visibility visibility;

    SearchRunner(EntityManager em, FhirContext fhirContext, Visibility visibility) {
        this.em = em;
        this.visibility = visibility;
        this.fhirContext = fhirContext;
        this.stored = new StoredResources(em, fhirContext);
        this.tenant = TenantColumn.currentTenant(em);
    }

    /** @param blinding how the values of PHI parameters are stored */
    SearchResult run(SearchQuery query, Blinding blinding) {
        SearchStatement all = SearchStatement.of(query, tenant, fhirContext, blinding,
                type -> visibility.hiddenAmong(Matches.ofType(type, tenant), Visibility.Use.ACCESS).keys());
        Visibility.Hidden hidden = visibility.hiddenAmong(all.matches(), Visibility.Use.ACCESS);
        SearchStatement statement = all.excluding(hidden.keys());
        long total = hidden.visibleCount().orElseGet(() -> count(statement.countSql(), statement.countParameters()));
        List<Long> page = query.count() == 0 || total <= query.offset()
                ? List.of() : keys(statement.selectSql(), statement.selectParameters());
        return new SearchResult(stored.current(page), visible(stored.current(includedKeys(query, page))), total);
    }

    /**
     * A patient's compartment, a page at a time ({@code Patient/x/$everything}), with what the page refers to
     * (practitioners, organizations, locations, medications...) as included resources, of the asked types only.
     */
    SearchResult compartment(CompartmentStatement everything, List<String> types) {
        Visibility.Hidden hidden = visibility.hiddenAmong(everything.matches(), Visibility.Use.ACCESS);
        CompartmentStatement statement = everything.excluding(hidden.keys());
        long total = hidden.visibleCount().orElseGet(() -> count(statement.countSql(), statement.parameters()));
        List<Long> page = keys(statement.selectSql(), statement.parameters());
        List<Long> referenced = List.of();
        if (!page.isEmpty()) {
            IncludeStatement references = IncludeStatement.referencedBy(page, tenant);
            Set<Long> onPage = new LinkedHashSet<>(page);
            referenced = keys(references.sql(), references.parameters()).stream().filter(key -> !onPage.contains(key))
                    .toList();
        }
        List<IBaseResource> included = visible(stored.current(referenced)).stream()
                .filter(resource -> types.isEmpty() || types.contains(fhirContext.getResourceType(resource))).toList();
        return new SearchResult(stored.current(page), included, total);
    }

    /**
     * A page of a bulk export, after the given key: of the resources read, those the patients' consents let be
     * disclosed.
     */
    ExportPage exportPage(ExportStatement statement, long afterKey) {
        List<Long> keys = keys(statement.sql(), statement.parameters());
        return new ExportPage(visibility.visible(stored.current(keys), Visibility.Use.DISCLOSE), keys.size(),
                keys.isEmpty() ? afterKey : keys.get(keys.size() - 1));
    }

    private List<IBaseResource> visible(List<IBaseResource> resources) {
        return resources.isEmpty() ? resources : visibility.visible(resources, Visibility.Use.ACCESS);
    }

    /**
     * Includes apply to the page; {@code :iterate} ones also to what was included, until nothing new turns up.
     */
    private List<Long> includedKeys(SearchQuery query, List<Long> page) {
        Set<Long> seen = new LinkedHashSet<>(page);
        List<Long> included = new ArrayList<>();
        List<Long> frontier = page;
        for (int round = 0; round < MAX_ITERATIONS && !frontier.isEmpty(); round++) {
            List<Long> found = new ArrayList<>();
            for (SearchQuery.Include include : query.includes()) {
                if (round > 0 && !include.iterate()) {
                    continue;
                }
                IncludeStatement statement = IncludeStatement.of(include, frontier, tenant, fhirContext);
                for (Long key : keys(statement.sql(), statement.parameters())) {
                    if (seen.add(key) && included.size() + found.size() < IncludeStatement.MAX_INCLUDED) {
                        found.add(key);
                    }
                }
            }
            included.addAll(found);
            frontier = found;
        }
        return included;
    }

    private long count(String sql, List<Object> parameters) {
        return ((Number) TenantNativeQuery.create(em, sql, parameters).getSingleResult()).longValue();
    }

    private List<Long> keys(String sql, List<Object> parameters) {
        List<?> rows = TenantNativeQuery.create(em, sql, parameters).getResultList();
        return rows.stream().map(row -> ((Number) row).longValue()).toList();
    }
}
