package org.custos.fhir.provider;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.primitive.InstantDt;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.SearchResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * One page of a search as HAPI renders it: the matches (search mode {@code match}) and what was included
 * ({@code include}), the total, and the page's offset and size. From the offset and size HAPI writes {@code self},
 * {@code next} and {@code previous} links that repeat the search with another {@code _offset}; nothing is kept on the
 * server between pages, and each page is a new call of the store under the caller's own token.
 */
final class SearchPage implements IBundleProvider {

    private final List<IBaseResource> resources = new ArrayList<>();
    private final Integer total;
    private final int fetched;
    private final int offset;
    private final int pageSize;
    private final IPrimitiveType<Date> published = InstantDt.withCurrentTime();

    SearchPage(SearchQuery query, SearchResult result) {
        this(query.offset(), query.count(), result);
    }

    /** A page of anything paged by offset: a search, {@code $everything}, a history. */
    SearchPage(int offset, int count, SearchResult result) {
        result.matches().forEach(resource -> add(resource, BundleEntrySearchModeEnum.MATCH));
        result.included().forEach(resource -> add(resource, BundleEntrySearchModeEnum.INCLUDE));
        this.total = (int) Math.min(Integer.MAX_VALUE, result.total());
        this.fetched = resources.size();
        this.offset = offset;
        this.pageSize = Math.max(1, count);
    }

    /**
     * A page whose total is not counted: HAPI writes a {@code next} link when {@code more} says a match was found
     * beyond the page (searches that fetch one more than they show).
     */
    SearchPage(int offset, int count, List<? extends IBaseResource> matches, boolean more) {
        matches.forEach(resource -> add(resource, BundleEntrySearchModeEnum.MATCH));
        this.total = null;
        this.pageSize = Math.max(1, count);
        this.fetched = more ? pageSize + 1 : resources.size();
        this.offset = offset;
    }

    private void add(IBaseResource resource, BundleEntrySearchModeEnum mode) {
        ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, mode);
        resources.add(resource);
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex, ResponsePage.ResponsePageBuilder pageBuilder) {
        pageBuilder.setTotalRequestedResourcesFetched(fetched);
        return List.copyOf(resources);
    }

    @Override
    public Integer size() {
        return total;
    }

    @Override
    public Integer getCurrentPageOffset() {
        return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
        return pageSize;
    }

    @Override
    public Integer preferredPageSize() {
        return pageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public String getUuid() {
        return null;
    }
}
