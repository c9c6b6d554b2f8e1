package org.custos.fhir.provider;

import java.util.Optional;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IIdType;

/** The version of a vread URL ({@code Patient/1/_history/3}): versions are positive numbers; anything else is 400. */
public final class VersionIds {

    private VersionIds() {
    }

    /** @return empty for a plain read (no {@code _history} part) */
    public static Optional<Long> of(IIdType id) {
        if (!id.hasVersionIdPart()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.getVersionIdPart()));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("A version id is a number");
        }
    }
}
