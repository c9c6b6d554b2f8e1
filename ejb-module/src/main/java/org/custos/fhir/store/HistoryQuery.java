package org.custos.fhir.store;

import java.time.Instant;
import java.util.Optional;

import org.custos.fhir.search.SearchQuery;

/**
 * Which versions a {@code _history} request wants.
 *
 * @param since  only versions written at or after this instant ({@code _since})
 * @param offset how many of the newest to skip ({@code _offset}, from the paging links)
 * @param count  at most this many, newest first ({@code _count}); capped like search pages
 */
public record HistoryQuery(Optional<Instant> since, int offset, int count) {

    public HistoryQuery {
        offset = Math.max(0, offset);
        count = count <= 0 ? SearchQuery.DEFAULT_COUNT : Math.min(count, SearchQuery.MAX_COUNT);
    }
}
