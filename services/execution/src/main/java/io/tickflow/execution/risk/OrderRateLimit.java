package io.tickflow.execution.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/** At most {@code max} accepted orders in any rolling window; a refused attempt does not count. Thread-safe. */
final class OrderRateLimit {

    private final int max;
    private final Duration window;
    private final ArrayDeque<Instant> accepted = new ArrayDeque<>();

    OrderRateLimit(int max, Duration window) {
        this.max = max;
        this.window = window;
    }

    synchronized boolean tryAcquire(Instant now) {
        Instant cutoff = now.minus(window);
        while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(cutoff)) {
            accepted.pollFirst();
        }
        if (accepted.size() >= max) {
            return false;
        }
        accepted.addLast(now);
        return true;
    }
}
