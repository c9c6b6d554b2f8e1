package org.custos.fhir.export;

import java.time.Instant;
import java.util.List;

/**
 * What polling an export job tells: its state and, once complete, its files.
 *
 * @param status          where the job is
 * @param transactionTime when the export was requested: resources changed later may be missing from it
 * @param requestUrl      the kick-off request
 * @param files           the output, once complete
 * @param message         why it failed, caller-safe; null otherwise
 */
public record ExportStatus(ExportJob.Status status, Instant transactionTime, String requestUrl, List<OutputFile> files,
                           String message) {

    public ExportStatus {
        files = List.copyOf(files);
    }

    /** One NDJSON file: its resource type, its index among that type's files, and how many resources it holds. */
    public record OutputFile(String type, int index, int count) {
    }
}
