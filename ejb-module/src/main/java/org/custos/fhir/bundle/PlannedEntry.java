package org.custos.fhir.bundle;

import java.util.Optional;

import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchUrls;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * One entry of a transaction or batch as the server reads it: the interaction, the resource type, and the id or
 * the search condition its URL names ({@code Patient}, {@code Patient/1}, {@code Patient/1/_history/2},
 * {@code Patient?identifier=x|1}).
 */
final class PlannedEntry {

    final int index;
    final Bundle.HTTPVerb method;
    final String type;
    final String id;
    final Long version;
    final SearchQuery condition;
    final String query;
    final Resource resource;
    final String fullUrl;
    final Optional<Long> ifMatch;
    final Optional<SearchQuery> ifNoneExist;

    private PlannedEntry(int index, Bundle.BundleEntryComponent entry, String type, String id, Long version,
                         String query) {
        this.index = index;
        this.method = entry.getRequest().getMethod();
        this.type = type;
        this.id = id;
        this.version = version;
        this.query = query;
        this.condition = query == null ? null : SearchUrls.fromConditionalUrl(type, query);
        this.resource = entry.getResource();
        this.fullUrl = entry.getFullUrl();
        this.ifMatch = Optional.ofNullable(entry.getRequest().getIfMatch()).map(PlannedEntry::versionOfETag);
        this.ifNoneExist = Optional.ofNullable(entry.getRequest().getIfNoneExist())
                .filter(condition -> !condition.isBlank())
                .map(condition -> SearchUrls.fromConditionalUrl(type, condition));
    }

    static PlannedEntry of(int index, Bundle.BundleEntryComponent entry) {
        if (entry.getRequest().getMethod() == null || entry.getRequest().getUrl() == null) {
            throw new BundleEntryException(index, 400, "request.method and request.url are required");
        }
        String url = entry.getRequest().getUrl().replaceFirst("^/", "");
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        String query = question < 0 ? null : url;
        String[] segments = path.split("/");
        String type = segments[0];
        if (!FhirContexts.r4().getResourceTypes().contains(type)) {
            throw new BundleEntryException(index, 400, "request.url names no R4 resource type");
        }
        String id = segments.length > 1 ? segments[1] : null;
        Long version = segments.length == 4 && "_history".equals(segments[2]) ? parseVersion(index, segments[3]) : null;
        if (segments.length > 4 || segments.length == 3 || segments.length == 4 && version == null) {
            throw new BundleEntryException(index, 400, "request.url is not a supported FHIR URL");
        }
        PlannedEntry planned = new PlannedEntry(index, entry, type, id, version, query);
        planned.requireResourceOfType();
        return planned;
    }

    /** POST and PUT carry a resource of the URL's type. */
    private void requireResourceOfType() {
        boolean writes = method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT;
        if (writes && (resource == null || !type.equals(resource.fhirType()))) {
            throw new BundleEntryException(index, 400, "the resource is missing or not of the type request.url names");
        }
        if (method == Bundle.HTTPVerb.PUT && id == null && condition == null) {
            throw new BundleEntryException(index, 400, "PUT needs Type/id or a conditional URL");
        }
    }

    private static Long parseVersion(int index, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BundleEntryException(index, 400, "the version in request.url is not a number");
        }
    }

    /** {@code W/"3"} or {@code 3}. */
    private static Long versionOfETag(String etag) {
        String digits = etag.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : Long.parseLong(digits);
    }
}
