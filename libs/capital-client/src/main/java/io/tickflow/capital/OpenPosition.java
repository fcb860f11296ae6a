package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One element of {@code GET /positions}, flattened: the position plus the market's current bid/offer.
 *
 * @param dealReference {@code p_<dealId>}
 * @param workingOrderId the order that opened it
 * @param upl           unrealised profit and loss in the position's currency
 */
public record OpenPosition(String dealId, String dealReference, String workingOrderId, String epic, Direction direction,
                           BigDecimal size, BigDecimal level, Instant createdAt, BigDecimal upl, BigDecimal stopLevel,
                           BigDecimal profitLevel, String currency, BigDecimal bid, BigDecimal offer, String marketStatus) {
}
