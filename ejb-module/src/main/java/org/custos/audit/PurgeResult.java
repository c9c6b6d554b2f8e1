package org.custos.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What a retention purge of one chain did.
 *
 * @param cutoff        records older than this were due
 * @param purgedThrough the chain's place up to which records are now gone (its anchor); 0 when none ever were
 * @param purgedRecords records deleted now
 * @param problem       why nothing was purged although records were due (a broken chain is kept as evidence)
 */
public record PurgeResult(String chain, Instant cutoff, long purgedThrough, long purgedRecords,
                          Optional<String> problem) {
}
