package org.custos.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * What walking one chain found.
 *
 * @param chain           the tenant (empty for platform records)
 * @param sealedRecords   records linked into the chain (and not purged)
 * @param unsealedRecords records written but not linked yet (normally only those of the last seconds)
 * @param signedThrough   the place of the last record covered by a verified signed checkpoint (0: none yet)
 * @param lastSignedAt    when that checkpoint was signed
 * @param purgedThrough   the place up to which records were purged by retention (0: none); the walk starts after it
 * @param brokenAt        the place of the first broken link; empty when the chain is intact
 * @param problem         what is wrong there
 */
public record ChainVerification(String chain, long sealedRecords, long unsealedRecords, long signedThrough,
                                Optional<Instant> lastSignedAt, long purgedThrough, Optional<Long> brokenAt,
                                Optional<String> problem) {

    public boolean intact() {
        return brokenAt.isEmpty();
    }
}
