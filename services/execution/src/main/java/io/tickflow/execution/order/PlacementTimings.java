package io.tickflow.execution.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where an order's time goes, from the record read off Kafka: execution's own work until the request is handed to
 * the HTTP client ({@code tickflow_execution_overhead_seconds}), and the whole way to the broker's accept
 * ({@code tickflow_order_placement_seconds}). A benchmark can also capture every sample exactly
 * ({@link #capture(int)}); that is off unless something asks for it.
 */
@ApplicationScoped
public class PlacementTimings {

    /** No consumption time known (e.g. an order settled by reconciliation): nothing is recorded. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Timer overhead;
    private final Timer placement;
    private volatile Capture capture;

    @Inject
    public PlacementTimings(MeterRegistry registry) {
        this.overhead = Timer.builder("tickflow_execution_overhead_seconds")
                .description("Signal or intent read off Kafka to the order request handed to the broker client")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        this.placement = Timer.builder("tickflow_order_placement_seconds")
                .description("Signal or intent read off Kafka to the broker's confirmed accept")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    void requestWritten(long consumedNanos) {
        record(consumedNanos, overhead, true);
    }

    void accepted(long consumedNanos) {
        record(consumedNanos, placement, false);
    }

    private void record(long consumedNanos, Timer timer, boolean isOverhead) {
        if (consumedNanos == UNKNOWN) {
            return;
        }
        long nanos = System.nanoTime() - consumedNanos;
        timer.record(Duration.ofNanos(nanos));
        Capture c = capture;
        if (c != null) {
            c.add(isOverhead, nanos);
        }
    }

    /** Starts keeping up to {@code capacity} exact samples of each kind (replacing any earlier capture). */
    public void capture(int capacity) {
        capture = new Capture(capacity);
    }

    /** The captured overhead samples in nanoseconds, sorted. */
    public long[] overheadNanos() {
        return capture == null ? new long[0] : capture.sorted(true);
    }

    /** The captured placement samples in nanoseconds, sorted. */
    public long[] placementNanos() {
        return capture == null ? new long[0] : capture.sorted(false);
    }

    private static final class Capture {
        private final long[] overhead;
        private final long[] placement;
        private final AtomicInteger overheadCount = new AtomicInteger();
        private final AtomicInteger placementCount = new AtomicInteger();

        Capture(int capacity) {
            overhead = new long[capacity];
            placement = new long[capacity];
        }

        void add(boolean isOverhead, long nanos) {
            int i = (isOverhead ? overheadCount : placementCount).getAndIncrement();
            long[] into = isOverhead ? overhead : placement;
            if (i < into.length) {
                into[i] = nanos;
            }
        }

        long[] sorted(boolean isOverhead) {
            int n = Math.min((isOverhead ? overheadCount : placementCount).get(),
                    (isOverhead ? overhead : placement).length);
            long[] copy = Arrays.copyOf(isOverhead ? overhead : placement, n);
            Arrays.sort(copy);
            return copy;
        }
    }
}
