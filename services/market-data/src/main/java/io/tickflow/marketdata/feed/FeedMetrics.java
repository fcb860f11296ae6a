package io.tickflow.marketdata.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Tick;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The merged feed's metrics. Every series of a ranked instrument and source is registered at start-up, with zeros, so
 * Prometheus sees it before the first failover (and {@code increase()} catches the first one).
 *
 * <ul>
 *   <li>{@code tickflow_market_data_source_ticks_total{instrument,source}}: valid ticks received per source, published
 *       or not (the tick rate of standby sources too)</li>
 *   <li>{@code tickflow_market_data_ticks_total{source,instrument}}: ticks published on the ticks topic</li>
 *   <li>{@code tickflow_market_data_duplicate_ticks_total{instrument,source}}: ticks of the active source dropped
 *       because their exchange time did not move forward</li>
 *   <li>{@code tickflow_market_data_receive_lag_seconds{source}}: exchange time to receipt</li>
 *   <li>{@code tickflow_market_data_source_available{instrument,source}}: 1 while the source is healthy</li>
 *   <li>{@code tickflow_market_data_active_source{instrument,source}}: 1 for the source whose ticks are published
 *       (all 0 during a gap)</li>
 *   <li>{@code tickflow_market_data_failovers_total{instrument,from_source,to_source}}: failovers forced by staleness
 *       (switches back are not failovers; they are in the next one)</li>
 *   <li>{@code tickflow_market_data_source_events_total{instrument,kind}}: every source event by kind</li>
 * </ul>
 */
@ApplicationScoped
public class FeedMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Timer> lag = new ConcurrentHashMap<>();

    @Inject
    public FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers every series of {@code ranking}.
     *
     * @param available whether a source of an instrument is healthy now
     * @param active    whether a source is the active one of an instrument now
     */
    void register(SourceRanking ranking, BiPredicate<String, String> available, BiPredicate<String, String> active) {
        ranking.byInstrument().forEach((instrument, sources) -> {
            for (String source : sources) {
                receivedCounter(instrument, source);
                publishedCounter(instrument, source);
                duplicateCounter(instrument, source);
                lagTimer(source);
                Gauge.builder("tickflow_market_data_source_available", () -> available.test(instrument, source) ? 1 : 0)
                        .tags("instrument", instrument, "source", source)
                        .description("1 while the source delivers within its stale threshold (or the market is closed)")
                        .register(registry);
                Gauge.builder("tickflow_market_data_active_source", () -> active.test(instrument, source) ? 1 : 0)
                        .tags("instrument", instrument, "source", source)
                        .description("1 for the source whose ticks the merged feed publishes").register(registry);
                for (String to : sources) {
                    if (!to.equals(source)) {
                        failovers(instrument, source, to);
                    }
                }
            }
            for (SourceEventKind kind : SourceEventKind.values()) {
                events(instrument, kind);
            }
        });
    }

    void received(Tick tick, Instant receivedAt) {
        receivedCounter(tick.instrument(), tick.source()).increment();
        lagTimer(tick.source()).record(Duration.between(tick.eventTime(), receivedAt).abs());
    }

    void published(Tick tick) {
        publishedCounter(tick.instrument(), tick.source()).increment();
    }

    void duplicate(Tick tick) {
        duplicateCounter(tick.instrument(), tick.source()).increment();
    }

    void event(SourceEvent event) {
        events(event.instrument(), event.kind()).increment();
        if (event.kind() == SourceEventKind.FAILOVER) {
            failovers(event.instrument(), event.fromSource(), event.toSource()).increment();
        }
    }

    private Counter receivedCounter(String instrument, String source) {
        return received.computeIfAbsent(instrument + '|' + source, k -> Counter.builder(
                        "tickflow_market_data_source_ticks_total")
                .description("Valid ticks received from a source, published or not")
                .tags("instrument", instrument, "source", source).register(registry));
    }

    private Counter publishedCounter(String instrument, String source) {
        return published.computeIfAbsent(instrument + '|' + source, k -> Counter.builder(
                        "tickflow_market_data_ticks_total")
                .description("Ticks published on the ticks topic by the merged feed")
                .tags("source", source, "instrument", instrument).register(registry));
    }

    private Counter duplicateCounter(String instrument, String source) {
        return duplicates.computeIfAbsent(instrument + '|' + source, k -> Counter.builder(
                        "tickflow_market_data_duplicate_ticks_total")
                .description("Ticks of the active source dropped: exchange time not after the last published tick")
                .tags("instrument", instrument, "source", source).register(registry));
    }

    private Timer lagTimer(String source) {
        return lag.computeIfAbsent(source, k -> Timer.builder("tickflow_market_data_receive_lag_seconds")
                .description("Source timestamp to receipt, per tick").tag("source", source)
                .publishPercentileHistogram().register(registry));
    }

    private Counter failovers(String instrument, String from, String to) {
        return Counter.builder("tickflow_market_data_failovers_total")
                .description("Switches to another source because the active one went stale")
                .tags("instrument", instrument, "from_source", from, "to_source", to).register(registry);
    }

    private Counter events(String instrument, SourceEventKind kind) {
        return Counter.builder("tickflow_market_data_source_events_total")
                .description("Source events published (staleness, recovery, failover, switch back, gaps)")
                .tags("instrument", instrument, "kind", kind.name()).register(registry);
    }
}
