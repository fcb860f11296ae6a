package io.tickflow.marketsources;

/**
 * How Polygon/Massive names one instrument. Only the crypto cluster is implemented by this library; crude oil exists at
 * Massive only as CME/NYMEX futures (a separate WebSocket cluster, {@code /futures/v1/aggs} for history, paid plans, and a
 * contract ticker format we could not confirm), so a futures mapping is accepted and carried but served by no client yet.
 */
public sealed interface PolygonSymbol {

    /**
     * A crypto pair: {@code ticker} as REST names it ({@code X:BTCUSD}), {@code pair} as the WebSocket names it, both in
     * subscriptions and in the events' {@code pair} field ({@code BTC-USD}, the documented {from}-{to} form).
     */
    record Crypto(String ticker, String pair) implements PolygonSymbol {
    }

    /** A futures contract ticker (e.g. a CL contract); not streamed or backfilled by this library. */
    record Futures(String ticker) implements PolygonSymbol {
    }
}
