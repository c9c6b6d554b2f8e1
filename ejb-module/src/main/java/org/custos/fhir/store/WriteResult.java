package org.custos.fhir.store;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The outcome of a create or update.
 *
 * @param resource the stored (or, for a conditional create that matched, the existing) resource with its id and meta
 * @param created  true when a new resource came into being (201), false when an existing one was updated or found
 */
public record WriteResult(IBaseResource resource, boolean created) {
}
