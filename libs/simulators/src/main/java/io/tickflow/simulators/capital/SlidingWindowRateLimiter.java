package io.tickflow.simulators.capital;

import java.util.ArrayDeque;

/**
 * "At most N per second" as Capital.com enforces it: a request is refused when N requests were admitted during the last
 * second. Refused requests are not counted, so a client that backs off gets through again a second after its burst.
 * Time comes from the simulator's clock (in ms) so that tests with a manual clock control the window.
 */
final class SlidingWindowRateLimiter {

    private static final long WINDOW_MILLIS = 1000;

    private final int maxPerSecond;
    private final ArrayDeque<Long> admittedAtMillis = new ArrayDeque<>();

    /** @param maxPerSecond admitted requests per second; 0 disables the limit */
    SlidingWindowRateLimiter(int maxPerSecond) {
        this.maxPerSecond = maxPerSecond;
    }

    synchronized boolean tryAcquire(long nowMillis) {
        if (maxPerSecond <= 0) {
            return true;
        }
        while (!admittedAtMillis.isEmpty() && admittedAtMillis.peekFirst() <= nowMillis - WINDOW_MILLIS) {
            admittedAtMillis.pollFirst();
        }
        if (admittedAtMillis.size() >= maxPerSecond) {
            return false;
        }
        admittedAtMillis.addLast(nowMillis);
        return true;
    }
}
