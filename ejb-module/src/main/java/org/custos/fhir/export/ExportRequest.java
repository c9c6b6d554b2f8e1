package org.custos.fhir.export;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an {@code $export} kick-off asks for.
 *
 * @param level   system, all patients, or the members of one group
 * @param groupId the Group of a group-level export
 * @param types   {@code _type}: only these resource types; empty for all
 * @param since   {@code _since}: only resources changed since
 */
public record ExportRequest(ExportJob.Level level, Optional<String> groupId, List<String> types,
                            Optional<Instant> since) {

    public ExportRequest {
        types = List.copyOf(types);
    }
}
