package io.tickflow.marketdata.sources;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tickflow.alphavantage.*}: how market-data polls Alpha Vantage, the last-resort source (one-minute bars, hourly
 * within the free tier). application.properties points at the simulator that capital-sim hosts; with
 * {@code ALPHAVANTAGE_API_KEY} set, point the URL at the real host ({@code make run} does). The key is never logged.
 */
@ConfigMapping(prefix = "tickflow.alphavantage")
public interface AlphaVantageSettings {

    /** Off: Alpha Vantage is never contacted, and ranking it for an instrument fails start-up. */
    @WithDefault("true")
    boolean enabled();

    /** From {@code ALPHAVANTAGE_API_KEY} (or {@code TICKFLOW_ALPHAVANTAGE_API_KEY}); required when it is ranked. */
    Optional<String> apiKey();

    @WithDefault("https://www.alphavantage.co")
    URI baseUrl();

    /** Requests allowed in any 24 hours (free tier: 25); a polling plan that needs more fails start-up. */
    @WithDefault("25")
    int requestsPerDay();

    /**
     * Period of the intraday poll of each instrument that ranks Alpha Vantage. 61 minutes keeps one instrument within
     * the free tier (24 polls a day plus the one at start-up); its stale threshold must be longer than this.
     */
    @WithDefault("61m")
    Duration pollInterval();

    /** Instrument to Alpha Vantage symbol, e.g. {@code symbols.BTCUSD=BTC/USD}, {@code symbols.OIL_CRUDE=WTI}. */
    Map<String, String> symbols();
}
