package org.custos.fhir.store;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One page of a bulk export.
 *
 * @param resources the resources, in primary key order
 * @param lastKey   where the next page starts (exclusive); unchanged when the page is empty
 */
public record ExportPage(List<IBaseResource> resources, long lastKey) {

    public ExportPage {
        resources = List.copyOf(resources);
    }
}
