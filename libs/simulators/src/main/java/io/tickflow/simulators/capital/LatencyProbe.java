package io.tickflow.simulators.capital;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark probe: with {@code probeEveryN = N}, the platform under test places one order for every N quotes it receives, so
 * the k-th {@code POST /positions} of an epic answers the (k*N)-th quote streamed for that epic. The probe remembers when each
 * (k*N)-th quote was written to the socket and records {@code order received - quote written} in an HdrHistogram.
 *
 * <p>Send times live in a fixed ring per epic so that a long 1000 quotes/s run cannot grow memory: an order that arrives more
 * than {@link #RING_SIZE} probe points late counts as unmatched.
 */
final class LatencyProbe {

    private static final int RING_SIZE = 1 << 16;
    private static final long MAX_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final int everyN;
    private final Map<String, EpicProbe> probes = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new Histogram(MAX_TRACKABLE_MICROS, 3);
    private long unmatchedOrders;

    LatencyProbe(int everyN) {
        this.everyN = everyN;
    }

    boolean enabled() {
        return everyN > 0;
    }

    /** Called for every quote written to a socket; only every N-th one is remembered, and only its first write. */
    void quoteWritten(String epic, long sequence, long writtenNanos) {
        if (everyN > 0 && sequence % everyN == 0) {
            probe(epic).remember(sequence / everyN, writtenNanos);
        }
    }

    void orderReceived(String epic, long receivedNanos) {
        if (everyN <= 0 || epic == null) {
            return;
        }
        EpicProbe probe = probe(epic);
        long writtenNanos = probe.takeForNextOrder();
        long latency = writtenNanos == EpicProbe.MISSING ? -1 : TimeUnit.NANOSECONDS.toMicros(receivedNanos - writtenNanos);
        synchronized (this) {
            // A negative latency means the platform's quote count and ours disagree: the order cannot answer that quote.
            if (latency < 0) {
                unmatchedOrders++;
            } else {
                latencyMicros.recordValue(Math.min(latency, MAX_TRACKABLE_MICROS));
            }
        }
    }

    synchronized LatencySummary summary() {
        return new LatencySummary(latencyMicros.getTotalCount(),
                latencyMicros.getValueAtPercentile(50) / 1000.0,
                latencyMicros.getValueAtPercentile(99) / 1000.0,
                latencyMicros.getMaxValue() / 1000.0,
                unmatchedOrders, everyN);
    }

    /**
     * Starts a new measurement window (e.g. after a warm-up): clears the histogram and the unmatched count but keeps
     * the per-epic quote and order counts, since the platform under test keeps counting too.
     */
    synchronized void reset() {
        latencyMicros.reset();
        unmatchedOrders = 0;
    }

    private EpicProbe probe(String epic) {
        return probes.computeIfAbsent(epic, ignored -> new EpicProbe());
    }

    /** Per-epic state: the ring of send times keyed by probe point k, and how many orders have arrived. */
    private static final class EpicProbe {
        static final long MISSING = Long.MIN_VALUE;

        private final long[] probePoint = new long[RING_SIZE];
        private final long[] writtenNanos = new long[RING_SIZE];
        private long ordersReceived;

        EpicProbe() {
            Arrays.fill(probePoint, -1);
        }

        synchronized void remember(long k, long nanos) {
            int slot = (int) (k % RING_SIZE);
            if (probePoint[slot] != k) {
                probePoint[slot] = k;
                writtenNanos[slot] = nanos;
            }
        }

        synchronized long takeForNextOrder() {
            long k = ++ordersReceived;
            int slot = (int) (k % RING_SIZE);
            return probePoint[slot] == k ? writtenNanos[slot] : MISSING;
        }
    }
}
