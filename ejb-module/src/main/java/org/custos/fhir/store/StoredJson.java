package org.custos.fhir.store;

import java.time.Instant;

/**
 * One stored version as the JSON it was written as: id, {@code meta.versionId} and {@code meta.lastUpdated} are in
 * it already, so a plain JSON read can send it without parsing and re-encoding.
 */
public record StoredJson(String resourceType, String id, long versionId, Instant lastUpdated, String json) {
}
