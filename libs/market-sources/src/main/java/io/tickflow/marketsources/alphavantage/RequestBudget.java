package io.tickflow.marketsources.alphavantage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The free tier in code: at most {@code requestsPerDay} request starts in any 24 hours (by the configured clock), and
 * starts at least {@code minSpacing} apart (real time). A request that would exceed the day is refused at once instead of
 * waiting for hours; one that is merely too close to the previous waits. Thread-safe.
 */
final class RequestBudget {

    private static final Duration DAY = Duration.ofDays(1);

    private final int requestsPerDay;
    private final long minSpacingNanos;
    private final Clock clock;
    private final ArrayDeque<Instant> starts = new ArrayDeque<>();
    private long lastStartNanos = Long.MIN_VALUE / 2;

    RequestBudget(int requestsPerDay, Duration minSpacing, Clock clock) {
        this.requestsPerDay = requestsPerDay;
        this.minSpacingNanos = minSpacing.toNanos();
        this.clock = clock;
    }

    /**
     * Takes one request from the budget and returns how long to wait before sending it (nanoseconds).
     *
     * @throws AlphaVantageException of kind {@link AlphaVantageErrorKind#BUDGET_EXHAUSTED} when the day is spent
     */
    synchronized long take(long nowNanos) {
        Instant now = clock.instant();
        expire(now);
        if (starts.size() >= requestsPerDay) {
            throw new AlphaVantageException(AlphaVantageErrorKind.BUDGET_EXHAUSTED, requestsPerDay
                    + " requests in the last 24 hours; the next one is allowed at " + starts.peekFirst().plus(DAY), null);
        }
        long start = Math.max(nowNanos, lastStartNanos + minSpacingNanos);
        lastStartNanos = start;
        starts.addLast(now);
        return start - nowNanos;
    }

    synchronized int remaining() {
        expire(clock.instant());
        return requestsPerDay - starts.size();
    }

    private void expire(Instant now) {
        while (!starts.isEmpty() && !starts.peekFirst().plus(DAY).isAfter(now)) {
            starts.pollFirst();
        }
    }
}
