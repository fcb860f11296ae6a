package io.tickflow.domain.strategy;

import io.tickflow.events.SignalDirection;
import java.util.Optional;

/**
 * Decides on every Nth tick, alternating LONG and SHORT, so each decision is an order. Used by the end-to-end
 * latency benchmark, where capital-sim matches the k-th order with the (k*N)-th quote it streamed.
 */
public final class ProbeStrategy implements Strategy {

    private final long everyN;
    private long seen;
    private boolean nextLong = true;

    public ProbeStrategy(long everyN) {
        if (everyN < 1) {
            throw new IllegalArgumentException("everyN must be >= 1, was " + everyN);
        }
        this.everyN = everyN;
    }

    @Override
    public Optional<Decision> onQuote(long eventTimeNanos, long bid, long ask) {
        seen++;
        if (seen % everyN != 0) {
            return Optional.empty();
        }
        SignalDirection d = nextLong ? SignalDirection.LONG : SignalDirection.SHORT;
        nextLong = !nextLong;
        return Optional.of(new Decision(d, "probe tick " + seen));
    }
}
