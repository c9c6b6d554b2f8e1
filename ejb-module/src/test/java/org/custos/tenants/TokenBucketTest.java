package org.custos.tenants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aMinutesWorthMayBurstThenTheNextWaits() {
        TokenBucket bucket = new TokenBucket(10, 0);
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryTake(0), "request " + i);
        }
        assertFalse(bucket.tryTake(0));
        assertEquals(6, bucket.secondsUntilNext());
    }

    @Test
    void theBudgetRefillsAtItsRateAndNeverBeyondAMinutesWorth() {
        TokenBucket bucket = new TokenBucket(60, 0);
        for (int i = 0; i < 60; i++) {
            bucket.tryTake(0);
        }
        assertFalse(bucket.tryTake(0));
        assertTrue(bucket.tryTake(SECOND), "one per second comes back");
        assertFalse(bucket.tryTake(SECOND));
        int taken = 0;
        while (bucket.tryTake(3600 * SECOND)) {
            taken++;
        }
        assertEquals(60, taken, "an idle hour does not save up more than a minute");
    }

    @Test
    void aRenewedBucketKeepsWhatWasSpent() {
        TokenBucket bucket = new TokenBucket(2, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        TokenBucket renewed = bucket.renewed(0);
        assertFalse(renewed.tryTake(0));
        assertEquals(0, renewed.createdAt());
    }
}
