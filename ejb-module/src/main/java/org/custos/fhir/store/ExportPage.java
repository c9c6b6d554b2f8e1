package org.custos.fhir.store;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One page of a bulk export.
 *
 * @param resources the resources, in primary key order (those consent lets be disclosed)
 * @param read      how many resources the page read, before consent: fewer than asked for means the end
 * @param lastKey   where the next page starts (exclusive); unchanged when the page is empty
 */
public record ExportPage(List<IBaseResource> resources, int read, long lastKey) {

    public ExportPage {
        resources = List.copyOf(resources);
    }
}
