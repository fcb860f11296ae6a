package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One {@code ohlc.event} of Capital.com's stream ({@code OHLCMarketData.subscribe}): the state of one side of a bar.
 * Bid and ask arrive as separate events, and a bar is sent again with every change while it forms; {@link OhlcPairer}
 * joins the two sides.
 *
 * @param resolution Capital.com's name: MINUTE, MINUTE_5, ..., WEEK
 * @param start      the bar's start ({@code t}, epoch ms)
 */
public record OhlcEvent(String epic, String resolution, Side side, Instant start, BigDecimal open, BigDecimal high,
                        BigDecimal low, BigDecimal close) {

    /** {@code priceType}: bid or ask. */
    public enum Side {
        BID, ASK
    }
}
