package org.custos.tenants;

import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Each tenant's API request budget on this server ({@code requests_per_minute} of its settings), so one tenant's
 * runaway client cannot starve the others. Per server, not cluster-wide: behind a load balancer with n servers a
 * tenant gets up to n times its rate. A budget re-reads its tenant's rate after a minute, or at once on this server
 * when an administrator saves new settings.
 */
@ApplicationScoped
public class RequestBudgets {

    private static final long REREAD_AFTER = TimeUnit.MINUTES.toNanos(1);

    @Inject
    TenantTable table;

    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes one request from the tenant's budget.
     *
     * @return empty when the request fits; otherwise the seconds after which to retry
     */
    public OptionalInt take(String tenant) {
        long now = System.nanoTime();
        TokenBucket bucket = buckets.compute(tenant, (id, current) -> current == null
                || now - current.createdAt() > REREAD_AFTER ? fresh(id, current, now) : current);
        return bucket.tryTake(now) ? OptionalInt.empty() : OptionalInt.of(bucket.secondsUntilNext());
    }

    void forget(String tenant) {
        buckets.remove(tenant);
    }

    /** A new bucket at the tenant's current rate; when the rate did not change, the old one goes on (no reset). */
    private TokenBucket fresh(String tenant, TokenBucket current, long now) {
        int perMinute = table.find(tenant).map(Tenant::requestsPerMinute).orElse(Tenant.DEFAULT_REQUESTS_PER_MINUTE);
        return current != null && current.perMinute() == perMinute ? current.renewed(now) : new TokenBucket(perMinute,
                now);
    }
}
