package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/** One element of {@code GET /workingorders}; part of the reconcile recipe for orders whose outcome is unknown. */
public record WorkingOrder(String dealId, String epic, Direction direction, BigDecimal size, BigDecimal level,
                           String orderType, String timeInForce, Instant goodTillDate, Instant createdAt) {
}
