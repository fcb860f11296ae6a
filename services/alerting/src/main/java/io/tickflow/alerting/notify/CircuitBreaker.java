package io.tickflow.alerting.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One channel's circuit breaker. CLOSED: deliveries go out; {@code threshold} consecutive transient failures open it.
 * OPEN: nothing goes out for {@code openFor} (the notices stay pending, no attempt is used up). Then HALF_OPEN: one
 * trial delivery; success closes the circuit, failure opens it for another {@code openFor}. A delivered notice and a
 * permanent failure (the endpoint answered) both reset the count. Thread-safe.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        /** The value of {@code tickflow_alerting_notifier_circuit_state}. */
        public final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }
    }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** The state now (an OPEN circuit whose cool-down is over reads HALF_OPEN). */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return state;
    }

    /**
     * How many deliveries may start now: {@code batch} when closed, 1 for the trial when half-open (and none while
     * it is out), 0 when open. The caller reports each started delivery's result.
     */
    public synchronized int permits(int batch) {
        return switch (state()) {
            case CLOSED -> batch;
            case OPEN -> 0;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield 0;
                }
                trialInFlight = true;
                yield 1;
            }
        };
    }

    /** Whether another delivery may start in the batch already permitted (false once the circuit opened). */
    public synchronized boolean allowsMore() {
        return state == State.CLOSED;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    /** A transient failure (5xx, 429, time-out, connection error). */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            trialInFlight = false;
        }
    }

    /** A trial that was permitted but not made (no notice was due): the next round may try again. */
    public synchronized void onTrialUnused() {
        trialInFlight = false;
    }

    /** When the circuit will let a trial through, or null when it is not open. */
    public synchronized Instant reopensAt() {
        return state == State.OPEN ? openedAt.plus(openFor) : null;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
