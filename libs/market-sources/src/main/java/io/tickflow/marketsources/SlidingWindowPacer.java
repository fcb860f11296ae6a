package io.tickflow.marketsources;

import java.util.ArrayDeque;

/**
 * Client-side pacing so a vendor's request limit is never hit instead of being hit and retried: at most
 * {@code maxPerWindow} request starts in any window of {@code windowNanos}. Callers reserve a start slot and wait until it
 * comes; slots are handed out in order. 0 requests per window means no pacing. Thread-safe.
 */
public final class SlidingWindowPacer {

    private final int maxPerWindow;
    private final long windowNanos;
    private final ArrayDeque<Long> reservedStarts = new ArrayDeque<>();

    public SlidingWindowPacer(int maxPerWindow, long windowNanos) {
        if (maxPerWindow < 0 || windowNanos <= 0) {
            throw new IllegalArgumentException("maxPerWindow >= 0 and a positive window required");
        }
        this.maxPerWindow = maxPerWindow;
        this.windowNanos = windowNanos;
    }

    /** Reserves the earliest allowed start and returns how long the caller must wait for it, in nanoseconds. */
    public synchronized long reserve(long nowNanos) {
        if (maxPerWindow == 0) {
            return 0;
        }
        long start = reservedStarts.isEmpty() ? nowNanos : Math.max(nowNanos, reservedStarts.peekLast());
        while (!reservedStarts.isEmpty() && reservedStarts.peekFirst() <= start - windowNanos) {
            reservedStarts.pollFirst();
        }
        if (reservedStarts.size() >= maxPerWindow) {
            Long[] starts = reservedStarts.toArray(Long[]::new);
            start = Math.max(start, starts[starts.length - maxPerWindow] + windowNanos);
        }
        reservedStarts.addLast(start);
        return start - nowNanos;
    }
}
