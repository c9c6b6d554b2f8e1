package org.custos.tenants;

/**
 * A request budget: holds up to a minute's worth of requests and refills continuously, so a tenant may burst up to
 * its per-minute rate and then sustain it. Thread-safe; time is passed in (nanoseconds) so the logic is testable.
 */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = 60e9;

    private final int perMinute;
    private final long createdAt;
    private double available;
    private long refilledAt;

    TokenBucket(int perMinute, long now) {
        this(perMinute, now, perMinute, now);
    }

    private TokenBucket(int perMinute, long createdAt, double available, long refilledAt) {
        this.perMinute = perMinute;
        this.createdAt = createdAt;
        this.available = available;
        this.refilledAt = refilledAt;
    }

    /** The same budget, as if created now (for when its rate was read again and found unchanged). */
    synchronized TokenBucket renewed(long now) {
        return new TokenBucket(perMinute, now, available, refilledAt);
    }

    synchronized boolean tryTake(long now) {
        available = Math.min(perMinute, available + (now - refilledAt) * perMinute / NANOS_PER_MINUTE);
        refilledAt = now;
        if (available >= 1) {
            available -= 1;
            return true;
        }
        return false;
    }

    /** Whole seconds until one more request fits, at least 1. */
    int secondsUntilNext() {
        return (int) Math.max(1, Math.ceil(60.0 / perMinute));
    }

    long createdAt() {
        return createdAt;
    }

    int perMinute() {
        return perMinute;
    }
}
