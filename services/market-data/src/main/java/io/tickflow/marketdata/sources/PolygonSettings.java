package io.tickflow.marketdata.sources;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tickflow.polygon.*}: how market-data reaches Polygon.io / Massive. application.properties points at the
 * simulator that capital-sim hosts; with {@code POLYGON_API_KEY} set, point the URLs at the real hosts
 * ({@code make run} does). The key is never logged.
 */
@ConfigMapping(prefix = "tickflow.polygon")
public interface PolygonSettings {

    /** Off: Polygon is never contacted, and ranking it for an instrument fails start-up. */
    @WithDefault("true")
    boolean enabled();

    /** From {@code POLYGON_API_KEY} (or {@code TICKFLOW_POLYGON_API_KEY}); required when Polygon is ranked. */
    Optional<String> apiKey();

    /** {@code wss://socket.massive.com/crypto} (or socket.polygon.io, delayed.massive.com, a simulator). */
    @WithDefault("wss://socket.massive.com/crypto")
    URI streamUrl();

    /** {@code https://api.massive.com} (or api.polygon.io, a simulator): aggregates for backfill. */
    @WithDefault("https://api.massive.com")
    URI restUrl();

    /** REST pacing below the plan's limit (free tier: 5 per minute); 0 = none (paid plans). */
    @WithDefault("5")
    int restRequestsPerMinute();

    /** Events older than this are dropped as not live; raise it for the delayed feed (15 minutes late). */
    @WithDefault("5m")
    Duration maxAge();

    /** Instrument to Polygon symbol, e.g. {@code symbols.BTCUSD=X:BTCUSD}, {@code symbols.OIL_CRUDE=none}. */
    Map<String, String> symbols();
}
