package io.tickflow.capitalsim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code polygon-sim.*}: the Polygon.io / Massive simulator capital-sim hosts next to Capital.com's, on its own port
 * (Massive is another host), so {@code make run} has a second BTCUSD source to fail over to.
 */
@ConfigMapping(prefix = "polygon-sim")
public interface PolygonSimConfig {

    @WithDefault("true")
    boolean enabled();

    String host();

    /** WebSocket {@code /crypto}, REST {@code /v2/aggs/...} and the admin endpoints {@code /sim/...}; 0 = a free port. */
    int port();

    /** The only key it accepts (a test value, not a secret); market-data's default {@code tickflow.polygon.api-key}. */
    String apiKey();

    long seed();

    /** {@code XQ} quotes per second and pair. */
    int quotesPerSecond();

    /** {@code XT} trades per second and pair (the {@code XA} minute bars are built from them). */
    int tradesPerSecond();

    /** Pairs on offer and their starting mid price, e.g. {@code pairs.BTC-USD=90000.00} (close to capital-sim's). */
    Map<String, BigDecimal> pairs();
}
