package org.custos.fhir.store;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One page of matches and the number of all matches.
 *
 * @param page  the resources of the first page, newest first
 * @param total how many resources match in all
 */
public record SearchResult(List<IBaseResource> page, long total) {

    public SearchResult {
        page = List.copyOf(page);
    }
}
