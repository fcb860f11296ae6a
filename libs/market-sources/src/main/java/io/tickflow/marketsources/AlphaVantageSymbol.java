package io.tickflow.marketsources;

/** How Alpha Vantage names one instrument. */
public sealed interface AlphaVantageSymbol {

    /** A digital currency in a market: {@code symbol=BTC&market=USD} (CRYPTO_INTRADAY, DIGITAL_CURRENCY_DAILY). */
    record Crypto(String symbol, String market) implements AlphaVantageSymbol {
    }

    /** A commodity series, its function name: {@code WTI} or {@code BRENT} (daily closes from the EIA). */
    record Commodity(String function) implements AlphaVantageSymbol {
    }
}
