package io.tickflow.marketdata.backfill;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.polygon.PolygonRestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Polygon/Massive REST aggregates, the fallback: trade bars without bid/ask sides (stored with those null), no bar for
 * an interval without trades (a sparse answer is complete, not a gap). Only for instruments with a Polygon crypto
 * ticker; the client is created on first use, so an unused Polygon needs no key.
 */
final class PolygonHistory implements HistorySource {

    static final String NAME = "polygon";

    private final boolean enabled;
    private final Supplier<SymbolMap> symbols;
    private final Supplier<PolygonRestClient> client;
    private final Duration timeout;

    PolygonHistory(boolean enabled, Supplier<SymbolMap> symbols, Supplier<PolygonRestClient> client,
            Duration timeout) {
        this.enabled = enabled;
        this.symbols = symbols;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean serves(String instrument, BarResolution resolution) {
        return enabled && symbols.get().polygonCrypto(instrument).isPresent();
    }

    @Override
    public List<Bar> bars(String instrument, BarResolution resolution, Instant from, Instant to, Instant now) {
        return client.get().aggregates(instrument, resolution, from, to).await().atMost(timeout).stream()
                .filter(b -> !b.openTime().isBefore(from) && b.openTime().isBefore(to))
                .filter(b -> !b.openTime().plus(resolution.length()).isAfter(now))
                .toList();
    }
}
