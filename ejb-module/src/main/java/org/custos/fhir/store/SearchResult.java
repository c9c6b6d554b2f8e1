package org.custos.fhir.store;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One page of matches, what {@code _include}/{@code _revinclude} added to it, and the number of all matches.
 *
 * @param matches  the page, in the search's order
 * @param included resources included for the page (not matches themselves)
 * @param total    how many resources match in all
 */
public record SearchResult(List<IBaseResource> matches, List<IBaseResource> included, long total) {

    public SearchResult {
        matches = List.copyOf(matches);
        included = List.copyOf(included);
    }
}
