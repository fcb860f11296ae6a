package io.tickflow.alerting;

import io.tickflow.events.Alert;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Broker rejects as an alert rule: one rejected order is a fact for the order history (a size off the grid, a market
 * that closed a second early), a burst of them on one instrument is a problem someone must look at. Raises a warning
 * once {@code threshold} rejects of an instrument fall within {@code window} (by event time, so a replay behaves like
 * the live stream); while the burst goes on, further rejects only bump the open alert (same fingerprint).
 *
 * <p>State is in memory: after a restart the window starts empty, which can delay one burst's alert by at most
 * {@code threshold - 1} rejects.
 */
public final class RejectBursts {

    private final Duration window;
    private final int threshold;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public RejectBursts(Duration window, int threshold) {
        if (window.isNegative() || window.isZero() || threshold < 1) {
            throw new IllegalArgumentException("tickflow.alerting.reject-burst.window and .count must be positive, got "
                    + window + " and " + threshold);
        }
        this.window = window;
        this.threshold = threshold;
    }

    /** The burst alert this event completes, if it is a broker reject that does. */
    public synchronized Optional<Alert> onOrderEvent(OrderEvent e, String traceId) {
        if (e.status() != OrderStatus.REJECTED) {
            return Optional.empty();
        }
        Deque<Instant> times = recent.computeIfAbsent(e.instrument(), k -> new ArrayDeque<>());
        times.addLast(e.eventTime());
        Instant from = e.eventTime().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
            times.removeFirst();
        }
        // instruments whose bursts are over are forgotten, so the map stays as small as the set of active instruments
        recent.values().removeIf(Deque::isEmpty);
        if (times.size() < threshold) {
            return Optional.empty();
        }
        String code = AlertRules.code(e.reason());
        return Optional.of(AlertRules.alert("order-rejected", Severity.WARNING, "order-rejected:" + e.instrument(),
                times.size() + " " + e.instrument() + " orders rejected by the broker within " + window.toMinutes()
                        + " min, the latest: " + e.reason(),
                Map.of("instrument", e.instrument(), "reason", code, "orderId", e.orderId().toString()), traceId,
                e.eventTime()));
    }
}
