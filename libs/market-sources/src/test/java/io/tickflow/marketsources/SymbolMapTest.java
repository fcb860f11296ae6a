package io.tickflow.marketsources;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolMapTest {

    @Test
    void defaultsMapBtcusdToBothSourcesAndCrudeToWtiOnly() {
        SymbolMap map = SymbolMap.defaults();

        assertThat(map.polygonCrypto("BTCUSD")).contains(new PolygonSymbol.Crypto("X:BTCUSD", "BTC-USD"));
        assertThat(map.instrumentOfPolygonPair("BTC-USD")).contains("BTCUSD");
        assertThat(map.instrumentOfPolygonPair("X:BTC-USD")).contains("BTCUSD");
        assertThat(map.instrumentOfPolygonTicker("X:BTCUSD")).contains("BTCUSD");
        assertThat(map.polygon("OIL_CRUDE")).isEmpty();
        assertThat(map.alphaVantage("BTCUSD")).contains(new AlphaVantageSymbol.Crypto("BTC", "USD"));
        assertThat(map.alphaVantage("OIL_CRUDE")).contains(new AlphaVantageSymbol.Commodity("WTI"));
        assertThat(map.instruments()).containsExactly("BTCUSD", "OIL_CRUDE");
    }

    @Test
    void polygonValuesAcceptTheHyphenatedJoinedAndFuturesForms() {
        SymbolMap map = SymbolMap.of(Map.of("BTCUSD", "X:BTC-USD", "ETHUSDT", "X:ETHUSDT", "OIL_CRUDE", "futures:CLZ6"),
                Map.of());

        assertThat(map.polygonCrypto("BTCUSD")).contains(new PolygonSymbol.Crypto("X:BTCUSD", "BTC-USD"));
        assertThat(map.polygonCrypto("ETHUSDT")).contains(new PolygonSymbol.Crypto("X:ETHUSDT", "ETH-USDT"));
        assertThat(map.polygon("OIL_CRUDE")).contains(new PolygonSymbol.Futures("CLZ6"));
        assertThat(map.polygonCrypto("OIL_CRUDE")).isEmpty();
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        assertThatThrownBy(() -> SymbolMap.of(Map.of("BTCUSD", "BTCUSD"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tickflow.polygon.symbols.BTCUSD: 'BTCUSD' is not a Polygon symbol");
        assertThatThrownBy(() -> SymbolMap.of(Map.of("BTCUSD", "X:BTCXYZ"), Map.of()))
                .hasMessageContaining("tickflow.polygon.symbols.BTCUSD: cannot tell the quote currency");
        assertThatThrownBy(() -> SymbolMap.of(Map.of(), Map.of("OIL_CRUDE", "CRUDE")))
                .hasMessageStartingWith("tickflow.alphavantage.symbols.OIL_CRUDE: 'CRUDE' is not an Alpha Vantage symbol");
        assertThatThrownBy(() -> SymbolMap.of(Map.of("btc usd", "X:BTC-USD"), Map.of()))
                .hasMessageStartingWith("tickflow.polygon.symbols.btc usd:");
    }

    @Test
    void twoInstrumentsCannotShareAVendorSymbol() {
        assertThatThrownBy(() -> SymbolMap.of(Map.of("BTCUSD", "X:BTC-USD", "BITCOIN", "X:BTCUSD"), Map.of()))
                .hasMessage("tickflow.polygon.symbols: BITCOIN and BTCUSD both map to BTC-USD");
        assertThatThrownBy(() -> SymbolMap.of(Map.of(), Map.of("OIL_CRUDE", "WTI", "WTI_SPOT", "WTI")))
                .hasMessageContaining("tickflow.alphavantage.symbols: OIL_CRUDE and WTI_SPOT both map to");
    }

    @Test
    void noneRemovesAnInstrumentFromASource() {
        SymbolMap map = SymbolMap.of(Map.of("BTCUSD", "none"), Map.of("BTCUSD", "NONE", "OIL_CRUDE", "WTI"));

        assertThat(map.polygon("BTCUSD")).isEmpty();
        assertThat(map.alphaVantage("BTCUSD")).isEmpty();
        assertThat(map.instruments()).containsExactly("OIL_CRUDE");
    }
}
