package io.tickflow.capitalsim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * {@code alphavantage-sim.*}: the Alpha Vantage simulator capital-sim hosts on its own port, with the free tier's
 * limits, so {@code make run} has a last-resort BTCUSD source.
 */
@ConfigMapping(prefix = "alphavantage-sim")
public interface AlphaVantageSimConfig {

    @WithDefault("true")
    boolean enabled();

    String host();

    /** {@code /query} and the admin endpoints {@code /sim/...}; 0 = a free port. */
    int port();

    /** The only key it accepts (a test value, not a secret); market-data's default {@code tickflow.alphavantage.api-key}. */
    String apiKey();

    long seed();

    /** Answered requests per UTC day; beyond, the daily-limit message (free tier: 25). */
    int requestsPerDay();

    /** Requests closer together get the burst message (free tier: about one a second). */
    Duration minSpacing();

    /** Digital currencies on offer and their starting USD price, e.g. {@code cryptos.BTC=90000.00}. */
    Map<String, BigDecimal> cryptos();
}
