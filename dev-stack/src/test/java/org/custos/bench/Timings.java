package org.custos.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies in nanoseconds, thread-safe; percentiles in milliseconds. */
final class Timings {

    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    void add(long value) {
        nanos.add(value);
    }

    void clear() {
        nanos.clear();
    }

    double percentile(int p) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
