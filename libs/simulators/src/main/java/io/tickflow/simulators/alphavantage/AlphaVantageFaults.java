package io.tickflow.simulators.alphavantage;

import java.util.Objects;

/**
 * Fault injection for the Alpha Vantage simulator, beyond what its configuration already does (the daily budget, the burst
 * limit, premium functions). Thread-safe.
 */
public final class AlphaVantageFaults {

    private final AlphaVantageApi api;

    AlphaVantageFaults(AlphaVantageApi api) {
        this.api = api;
    }

    /**
     * The next {@code count} requests with a valid key get a throttle answer under {@code key} instead of data: use
     * {@code "Information"} or {@code "Note"} (the keys Alpha Vantage has used), or any other word to check that a client
     * detects throttling by the missing data key rather than by a key it knows.
     */
    public void throttleNext(int count, String key) {
        Objects.requireNonNull(key, "key");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        api.throttleNext(count, key);
    }

    /** No armed throttles. */
    public void reset() {
        api.throttleNext(0, "Information");
    }
}
