package io.tickflow.marketsources.polygon;

import io.tickflow.events.BarResolution;

/** The crypto channels of the Massive WebSocket this client understands. */
public enum PolygonChannel {
    /** Quotes: {@code bp}, {@code bs}, {@code ap}, {@code as}, {@code t} (epoch ms). Become ticks. */
    XQ(null),
    /** Trades: {@code p}, {@code s}, {@code t}. Become ticks with {@code last}/{@code lastSize} on the latest quote. */
    XT(null),
    /** Minute aggregates of trades: {@code o,h,l,c,v,s,e}. No bar for a minute without trades. */
    XA(BarResolution.MINUTE_1),
    /** Second aggregates of trades (plan-dependent). No bar for a second without trades. */
    XAS(BarResolution.SECOND_1);

    private final BarResolution resolution;

    PolygonChannel(BarResolution resolution) {
        this.resolution = resolution;
    }

    /** The bar length of an aggregate channel; null for quotes and trades. */
    public BarResolution resolution() {
        return resolution;
    }
}
