package io.tickflow.marketdata.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class SourceRankingTest {

    private static final Map<String, Duration> STALE_AFTER = Map.of("capital", Duration.ofSeconds(1), "polygon",
            Duration.ofSeconds(1), "alphavantage", Duration.ofMinutes(125));
    private static final BiFunction<String, String, String> ALL_AVAILABLE = (source, instrument) -> null;

    @Test
    void eachStreamedInstrumentGetsItsSourcesBestFirst() {
        SourceRanking ranking = SourceRanking.of(List.of("BTCUSD", "OIL_CRUDE"),
                Map.of("BTCUSD", List.of("capital", " polygon", "alphavantage"), "OIL_CRUDE", List.of("capital"),
                        "ETHUSD", List.of("polygon")),
                STALE_AFTER, ALL_AVAILABLE);

        assertThat(ranking.sourcesOf("BTCUSD")).containsExactly("capital", "polygon", "alphavantage");
        assertThat(ranking.byInstrument()).as("rankings of instruments not streamed are ignored")
                .containsOnlyKeys("BTCUSD", "OIL_CRUDE");
        assertThat(ranking.instrumentsOf("capital")).containsExactly("BTCUSD", "OIL_CRUDE");
        assertThat(ranking.instrumentsOf("polygon")).containsExactly("BTCUSD");
        assertThat(ranking.sources()).containsExactly("capital", "polygon", "alphavantage");
    }

    @Test
    void misconfigurationNamesTheSettingToFix() {
        assertThatThrownBy(() -> SourceRanking.of(List.of("BTCUSD"), Map.of(), STALE_AFTER, ALL_AVAILABLE))
                .hasMessageStartingWith("tickflow.market-data.sources.BTCUSD is not set");
        assertThatThrownBy(() -> SourceRanking.of(List.of("BTCUSD"), Map.of("BTCUSD", List.of("capital", "reuters")),
                STALE_AFTER, ALL_AVAILABLE))
                .hasMessage("tickflow.market-data.sources.BTCUSD: unknown source 'reuters' (known: alphavantage, "
                        + "capital, polygon)");
        assertThatThrownBy(() -> SourceRanking.of(List.of("BTCUSD"), Map.of("BTCUSD", List.of("capital", "capital")),
                STALE_AFTER, ALL_AVAILABLE)).hasMessage("tickflow.market-data.sources.BTCUSD names capital twice");
        assertThatThrownBy(() -> SourceRanking.of(List.of("BTCUSD"), Map.of("BTCUSD", List.of("capital", "polygon")),
                Map.of("capital", Duration.ofSeconds(1)), ALL_AVAILABLE))
                .hasMessageStartingWith("tickflow.market-data.stale-after.polygon must be set");
        assertThatThrownBy(() -> SourceRanking.of(List.of("GOLD"), Map.of("GOLD", List.of("capital")), STALE_AFTER,
                ALL_AVAILABLE)).hasMessageStartingWith("tickflow.market-data.instruments: GOLD is not an instrument");
    }

    @Test
    void aRankedSourceThatCannotServeTheInstrumentFailsWithTheConnectorsReason() {
        assertThatThrownBy(() -> SourceRanking.of(List.of("OIL_CRUDE"),
                Map.of("OIL_CRUDE", List.of("capital", "polygon")), STALE_AFTER,
                (source, instrument) -> source.equals("polygon") ? "tickflow.polygon.enabled is false" : null))
                .hasMessage("tickflow.market-data.sources.OIL_CRUDE ranks polygon, but tickflow.polygon.enabled is "
                        + "false");
    }
}
