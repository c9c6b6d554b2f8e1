package org.custos.fhir.provider;

import java.util.Date;
import java.util.Optional;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchUrls;
import org.custos.fhir.store.HistoryQuery;
import org.custos.fhir.store.SearchResult;

/** What a HAPI request asks of a search or history beyond its query parameters. */
final class SearchRequests {

    private SearchRequests() {
    }

    /** The search a request asks for, with {@code Prefer: handling=strict} (FHIR's default is lenient). */
    static SearchQuery toQuery(String resourceType, RequestDetails request) {
        boolean strict = RestfulServerUtils.parsePreferHeader(request.getHeader(Constants.HEADER_PREFER)).getHanding()
                == PreferHandlingEnum.STRICT;
        return SearchUrls.toQuery(resourceType, request.getParameters(), strict);
    }

    /** A whole-number request parameter such as {@code _count}; 400 when it is not one. */
    static int intParameter(RequestDetails request, String name, int otherwise) {
        String[] values = request.getParameters().get(name);
        if (values == null || values.length == 0) {
            return otherwise;
        }
        try {
            return Integer.parseInt(values[0]);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a number");
        }
    }

    static HistoryQuery historyQuery(Date since, Integer offset, Integer count) {
        return new HistoryQuery(Optional.ofNullable(since).map(Date::toInstant), offset == null ? 0 : offset,
                count == null ? 0 : count);
    }

    /** A page of history, with paging links like a search's. */
    static IBundleProvider historyPage(HistoryQuery query, SearchResult result) {
        return new SearchPage(query.offset(), query.count(), result);
    }
}
