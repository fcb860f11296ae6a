package io.tickflow.marketsources;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that many clients that lost the same server do not all come back in step. */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " / " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
    }

    /** {@code initial * 2^attempt}, capped at {@code max}, then spread by +/- {@code jitter}; at least 1 ms. */
    public long delayMillis(int attempt) {
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(Math.max(attempt, 0), 30)));
        double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(base * spread));
    }
}
