package io.tickflow.marketdata.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.marketsources.SymbolMap;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceAvailabilityTest {

    private static final Duration HOURLY = Duration.ofMinutes(61);

    private static SourceAvailability configured(boolean polygonEnabled, boolean polygonKey, boolean avEnabled,
            boolean avKey, Duration avStaleAfter) {
        return new SourceAvailability(polygonEnabled, polygonKey, avEnabled, avKey, HOURLY, avStaleAfter,
                SymbolMap::defaults);
    }

    @Test
    void theDefaultsServeBtcusdFromEverySource() {
        SourceAvailability all = configured(true, true, true, true, Duration.ofMinutes(125));
        assertThat(all.whyUnavailable("capital", "BTCUSD")).isNull();
        assertThat(all.whyUnavailable("polygon", "BTCUSD")).isNull();
        assertThat(all.whyUnavailable("alphavantage", "BTCUSD")).isNull();
        assertThat(all.whyUnavailable("capital", "OIL_CRUDE")).isNull();
    }

    @Test
    void oilCrudeHasNoSecondTickSourceAndTheMessageSaysWhy() {
        SourceAvailability all = configured(true, true, true, true, Duration.ofMinutes(125));
        assertThat(all.whyUnavailable("polygon", "OIL_CRUDE"))
                .isEqualTo("tickflow.polygon.symbols.OIL_CRUDE is none: market-data streams Polygon's crypto cluster "
                        + "only");
        assertThat(all.whyUnavailable("alphavantage", "OIL_CRUDE"))
                .startsWith("tickflow.alphavantage.symbols.OIL_CRUDE is Commodity[function=WTI], daily closes only");
    }

    @Test
    void aDisabledOrKeylessSourceNamesItsSetting() {
        assertThat(configured(false, true, true, true, null).whyUnavailable("polygon", "BTCUSD"))
                .isEqualTo("tickflow.polygon.enabled is false");
        assertThat(configured(true, false, true, true, null).whyUnavailable("polygon", "BTCUSD"))
                .isEqualTo("tickflow.polygon.api-key is not set (POLYGON_API_KEY)");
        assertThat(configured(true, true, false, true, null).whyUnavailable("alphavantage", "BTCUSD"))
                .isEqualTo("tickflow.alphavantage.enabled is false");
        assertThat(configured(true, true, true, false, null).whyUnavailable("alphavantage", "BTCUSD"))
                .isEqualTo("tickflow.alphavantage.api-key is not set (ALPHAVANTAGE_API_KEY)");
    }

    @Test
    void alphaVantagesThresholdMustCoverItsPollPeriod() {
        assertThat(configured(true, true, true, true, Duration.ofMinutes(30)).whyUnavailable("alphavantage", "BTCUSD"))
                .startsWith("tickflow.market-data.stale-after.alphavantage (PT30M) must be longer than "
                        + "tickflow.alphavantage.poll-interval (PT1H1M)");
    }

    @Test
    void aSimulatorsTestKeyCountsOnlyForASimulatorHost() {
        URI sim = URI.create("ws://capital-sim:18091/crypto");
        URI local = URI.create("http://127.0.0.1:18092");
        URI real = URI.create("wss://socket.massive.com/crypto");
        assertThat(SourceWiring.isUsable(Optional.of("sim-polygon-key"), "POLYGON_API_KEY", sim, local)).isTrue();
        assertThat(SourceWiring.isUsable(Optional.of("sim-polygon-key"), "POLYGON_API_KEY", real)).isFalse();
        assertThat(SourceWiring.isUsable(Optional.of("a-real-key"), "POLYGON_API_KEY", real)).isTrue();
        assertThat(SourceWiring.isUsable(Optional.of(" "), "POLYGON_API_KEY", sim)).isFalse();
        assertThat(SourceWiring.isUsable(Optional.empty(), "ALPHAVANTAGE_API_KEY", local)).isFalse();
    }
}
