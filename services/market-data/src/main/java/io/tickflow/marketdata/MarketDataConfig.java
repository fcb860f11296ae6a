package io.tickflow.marketdata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

@ConfigMapping(prefix = "tickflow.market-data")
public interface MarketDataConfig {

    /** Capital.com epics to stream, e.g. BTCUSD,OIL_CRUDE. */
    List<String> instruments();

    /** Whether to connect to Capital.com's stream at start-up (off in tests of the storage path alone). */
    @WithDefault("true")
    boolean streamingEnabled();
}
