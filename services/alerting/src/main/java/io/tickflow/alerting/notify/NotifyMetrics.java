package io.tickflow.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tickflow_alerting_notifications_total{channel,outcome}} (outcome: delivered, retried, failed),
 * {@code tickflow_alerting_notifications_pending{channel}} (every instance's pending notices, from the table) and
 * {@code tickflow_alerting_notifier_circuit_state{channel}} (0 closed, 1 half-open, 2 open). Registered for every
 * channel, enabled or not, so dashboards and rules see zeros rather than nothing.
 */
@Singleton
public class NotifyMetrics {

    public static final String DELIVERED = "delivered";
    public static final String RETRIED = "retried";
    public static final String FAILED = "failed";
    static final List<String> OUTCOMES = List.of(DELIVERED, RETRIED, FAILED);

    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, AtomicLong> pending = new HashMap<>();

    @Inject
    public NotifyMetrics(MeterRegistry registry, Notifiers notifiers) {
        for (String channel : NotifySettings.CHANNELS) {
            for (String outcome : OUTCOMES) {
                counters.put(channel + "/" + outcome, Counter.builder("tickflow_alerting_notifications_total")
                        .description("Notification delivery attempts by channel and outcome")
                        .tag("channel", channel).tag("outcome", outcome).register(registry));
            }
            AtomicLong n = new AtomicLong();
            pending.put(channel, n);
            // a supplier is held strongly; Gauge.builder(name, obj, fn) would hold n weakly and read NaN once collected
            Gauge.builder("tickflow_alerting_notifications_pending", n::get)
                    .description("Notifications waiting to be delivered (all instances)")
                    .tag("channel", channel).register(registry);
            CircuitBreaker breaker = notifiers.breaker(channel);
            Gauge.builder("tickflow_alerting_notifier_circuit_state", () -> breaker == null ? 0
                            : breaker.state().gauge)
                    .description("Circuit breaker of a notification channel: 0 closed, 1 half-open, 2 open")
                    .tag("channel", channel).register(registry);
        }
    }

    public void count(String channel, String outcome) {
        counters.get(channel + "/" + outcome).increment();
    }

    public void pending(Map<String, Long> byChannel) {
        pending.forEach((channel, n) -> n.set(byChannel.getOrDefault(channel, 0L)));
    }
}
