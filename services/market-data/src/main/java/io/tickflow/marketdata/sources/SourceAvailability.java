package io.tickflow.marketdata.sources;

import io.tickflow.marketdata.feed.SourceRanking;
import io.tickflow.marketsources.AlphaVantageSymbol;
import io.tickflow.marketsources.SymbolMap;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Whether a source can serve an instrument the ranking gives it, from the sources' settings, and if not, why, naming
 * the setting to fix. The symbol map is only built when a vendor source is ranked (its own errors name their setting).
 *
 * @param polygonEnabled        {@code tickflow.polygon.enabled}
 * @param polygonKeySet         whether {@code tickflow.polygon.api-key} is set
 * @param alphaVantageEnabled   {@code tickflow.alphavantage.enabled}
 * @param alphaVantageKeySet    whether {@code tickflow.alphavantage.api-key} is set
 * @param alphaVantagePoll      {@code tickflow.alphavantage.poll-interval}
 * @param alphaVantageStaleAfter {@code tickflow.market-data.stale-after.alphavantage}, null when not set
 */
public record SourceAvailability(boolean polygonEnabled, boolean polygonKeySet, boolean alphaVantageEnabled,
        boolean alphaVantageKeySet, Duration alphaVantagePoll, Duration alphaVantageStaleAfter,
        Supplier<SymbolMap> symbols) {

    /** Why {@code source} cannot serve {@code instrument}; null when it can. */
    public String whyUnavailable(String source, String instrument) {
        return switch (source) {
            case SourceRanking.CAPITAL -> null; // tickflow.capital.* are required settings of the service anyway
            case SourceRanking.POLYGON -> polygon(instrument);
            case SourceRanking.ALPHA_VANTAGE -> alphaVantage(instrument);
            default -> "market-data has no connector for " + source;
        };
    }

    private String polygon(String instrument) {
        if (!polygonEnabled) {
            return "tickflow.polygon.enabled is false";
        }
        if (!polygonKeySet) {
            return "tickflow.polygon.api-key is not set (POLYGON_API_KEY)";
        }
        SymbolMap map = symbols.get();
        if (map.polygonCrypto(instrument).isEmpty()) {
            return SymbolMap.POLYGON_SETTING + "." + instrument + " is "
                    + map.polygon(instrument).map(Object::toString).orElse("none")
                    + ": market-data streams Polygon's crypto cluster only";
        }
        return null;
    }

    private String alphaVantage(String instrument) {
        if (!alphaVantageEnabled) {
            return "tickflow.alphavantage.enabled is false";
        }
        if (!alphaVantageKeySet) {
            return "tickflow.alphavantage.api-key is not set (ALPHAVANTAGE_API_KEY)";
        }
        AlphaVantageSymbol symbol = symbols.get().alphaVantage(instrument).orElse(null);
        if (!(symbol instanceof AlphaVantageSymbol.Crypto)) {
            return SymbolMap.ALPHA_VANTAGE_SETTING + "." + instrument + " is "
                    + (symbol == null ? "none" : symbol + ", daily closes only")
                    + ": Alpha Vantage has intraday bars, hence ticks to fail over to, for digital currencies only";
        }
        if (alphaVantageStaleAfter != null && alphaVantageStaleAfter.compareTo(alphaVantagePoll) <= 0) {
            return SourceRanking.STALE_AFTER_SETTING + ".alphavantage (" + alphaVantageStaleAfter
                    + ") must be longer than tickflow.alphavantage.poll-interval (" + alphaVantagePoll
                    + "), or Alpha Vantage goes stale between two polls";
        }
        return null;
    }
}
