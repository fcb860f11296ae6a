package io.tickflow.marketdata;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per source and instrument: when the last tick arrived, whether the instrument is inside its trading hours, and
 * whether its feed is up. Prometheus alerts on staleness only while the market is open, so OIL_CRUDE's nightly and
 * weekend closes are not outages.
 */
@ApplicationScoped
public class FeedHealth {

    /** A feed that delivered nothing for this long while its market is open counts as down. */
    static final Duration STALE_AFTER = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    /** By "source|instrument". */
    private final Map<String, Instant> lastTickBySource = new ConcurrentHashMap<>();
    /** By instrument: the last tick the merged feed published, whatever its source. */
    private final Map<String, Instant> lastTick = new ConcurrentHashMap<>();

    @Inject
    public FeedHealth(MeterRegistry registry, MarketDataConfig config) {
        this.registry = registry;
        for (String id : config.instruments()) {
            Instruments.find(id).ifPresent(this::registerInstrument);
        }
    }

    private void registerInstrument(Instrument i) {
        Gauge.builder("tickflow_market_data_instrument_open", () -> i.tradingHours().isOpen(Instant.now()) ? 1 : 0)
                .tag("instrument", i.id()).description("1 while the instrument is inside its trading hours")
                .register(registry);
        Gauge.builder("tickflow_market_data_feed_up", () -> feedUp(i, Instant.now()) ? 1 : 0)
                .tag("instrument", i.id())
                .description("1 when the instrument's feed delivered a tick within 5 s, or its market is closed")
                .register(registry);
    }

    /** A valid tick from {@code source}, published or not (standby sources count for their own staleness). */
    public void onTick(String source, String instrument, Instant receivedAt) {
        String key = source + '|' + instrument;
        if (lastTickBySource.put(key, receivedAt) == null) {
            Gauge.builder("tickflow_market_data_last_tick_timestamp_seconds", lastTickBySource,
                            m -> m.get(key).toEpochMilli() / 1000.0)
                    .tags("source", source, "instrument", instrument)
                    .description("Receive time of the last tick, epoch seconds").register(registry);
        }
    }

    /** A tick the merged feed published: the instrument's feed is up. */
    public void onPublished(String instrument, Instant receivedAt) {
        lastTick.put(instrument, receivedAt);
    }

    boolean feedUp(Instrument i, Instant now) {
        if (!i.tradingHours().isOpen(now)) {
            return true;
        }
        Instant last = lastTick.get(i.id());
        return last != null && Duration.between(last, now).compareTo(STALE_AFTER) <= 0;
    }
}
