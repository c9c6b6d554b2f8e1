package org.custos.rotation;

import java.time.Instant;

/**
 * Where a re-encryption job stands.
 *
 * @param state RUNNING, PAUSED, STOPPED or DONE
 * @param rowsResealed rows sealed under the primary data key by this job
 * @param rowsReindexed resources whose search-index rows this job computed again under the primary index key
 */
public record ReencryptionStatus(long id, String state, String startedBy, Instant startedAt, Instant updatedAt,
                                 long rowsTotal, long rowsDone, long rowsResealed, long rowsReindexed, long rowsFailed,
                                 long runningMillis) {

    public double percentDone() {
        return rowsTotal == 0 ? 100.0 : Math.min(100.0, 100.0 * rowsDone / rowsTotal);
    }

    public double rowsPerSecond() {
        return runningMillis == 0 ? 0.0 : rowsDone * 1000.0 / runningMillis;
    }
}
