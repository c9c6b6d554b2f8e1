package org.custos.fhir.store;

import java.time.Instant;

/**
 * One stored version as the JSON it was written as: id, {@code meta.versionId} and {@code meta.lastUpdated} are in
 * it already, so a plain JSON read can send it without parsing and re-encoding.
 */
public record StoredJson(String resourceType, String id, long versionId, Instant lastUpdated, String json) {

    /**
     * The user data key under which a resource parsed from storage keeps the JSON it was parsed from: what reads the
     * resource's references (the audit trail, for the patients in a search page) can scan the text instead of
     * walking the parsed structure.
     */
    public static final String PARSED_FROM = StoredJson.class.getName() + ".parsedFrom";
}
