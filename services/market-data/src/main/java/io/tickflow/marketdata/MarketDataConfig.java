package io.tickflow.marketdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "tickflow.market-data")
public interface MarketDataConfig {

    /** Capital.com epics to stream, e.g. BTCUSD,OIL_CRUDE. */
    List<String> instruments();

    /** Whether to connect to Capital.com's stream at start-up (off in tests of the storage path alone). */
    @WithDefault("true")
    boolean streamingEnabled();

    /**
     * Per instrument, its sources best first, e.g. {@code sources.BTCUSD=capital,polygon,alphavantage}. Every streamed
     * instrument needs one; the merged feed publishes the ticks of the best healthy source only.
     */
    Map<String, List<String>> sources();

    /**
     * Per source, how long it may send nothing during its instrument's trading hours before it counts as stale,
     * e.g. {@code stale-after.capital=1s}. A polling source needs more than its poll period.
     */
    Map<String, Duration> staleAfter();

    /** How long a better-ranked source must be healthy again before the feed switches back to it (hysteresis). */
    @WithDefault("10s")
    Duration switchBackAfter();

    /** How long a source that has sent nothing yet may stay silent after start-up or a market opening. */
    @WithDefault("5s")
    Duration startupGrace();

    /** How often staleness is judged when no tick arrives (failover time = stale-after + at most this). */
    @WithDefault("100ms")
    Duration healthCheckInterval();
}
