package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/** One bar of {@code GET /prices/{epic}}, bid and ask sides, starting at {@code start} (UTC). The newest bar may be forming. */
public record PriceBar(Instant start, BigDecimal openBid, BigDecimal openAsk, BigDecimal highBid, BigDecimal highAsk,
                       BigDecimal lowBid, BigDecimal lowAsk, BigDecimal closeBid, BigDecimal closeAsk, long volume) {
}
