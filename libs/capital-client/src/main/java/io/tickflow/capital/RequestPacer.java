package io.tickflow.capital;

import java.util.ArrayDeque;

/**
 * Client-side pacing, so that the broker's limits are never hit instead of being hit and retried: at most
 * {@code maxPerSecond} request starts in any window of a second (plus a safety margin for network jitter, since the broker
 * counts arrival times), and dealing requests at least {@code orderSpacing} apart. Callers reserve a start slot and wait
 * until it comes. Thread-safe.
 */
final class RequestPacer {

    /** Requests sent exactly a second apart can arrive less than a second apart. */
    private static final long WINDOW_NANOS = 1_050_000_000L;

    private final int maxPerSecond;
    private final long orderSpacingNanos;
    private final ArrayDeque<Long> reservedStarts = new ArrayDeque<>();
    private long lastDealingStart = Long.MIN_VALUE / 2;

    RequestPacer(int maxPerSecond, long orderSpacingNanos) {
        this.maxPerSecond = maxPerSecond;
        this.orderSpacingNanos = orderSpacingNanos;
    }

    /** Reserves the earliest allowed start and returns how long the caller must wait for it, in nanoseconds. */
    synchronized long reserve(boolean dealing, long nowNanos) {
        // Starts are handed out in order (FIFO), which keeps the deque sorted: a read issued right after a spaced-out order
        // waits for that order's slot, at most one order spacing.
        long start = reservedStarts.isEmpty() ? nowNanos : Math.max(nowNanos, reservedStarts.peekLast());
        if (dealing) {
            start = Math.max(start, lastDealingStart + orderSpacingNanos);
        }
        while (!reservedStarts.isEmpty() && reservedStarts.peekFirst() <= start - WINDOW_NANOS) {
            reservedStarts.pollFirst();
        }
        if (reservedStarts.size() >= maxPerSecond) {
            // The slot frees up one window after the start that is maxPerSecond back from the end.
            Long[] starts = reservedStarts.toArray(Long[]::new);
            start = Math.max(start, starts[starts.length - maxPerSecond] + WINDOW_NANOS);
        }
        reservedStarts.addLast(start);
        if (dealing) {
            lastDealingStart = start;
        }
        return start - nowNanos;
    }
}
