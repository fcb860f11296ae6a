package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /confirms/{dealReference}}.
 *
 * @param dealStatus    ACCEPTED or REJECTED
 * @param status        OPEN, AMENDED, CLOSED, DELETED, PARTIALLY_CLOSED (absent on rejections)
 * @param reason        SUCCESS or the reject reason (MARKET_CLOSED, MINIMUM_ORDER_SIZE_ERROR, SIZE_INCREMENT, ...)
 * @param dealId        the order's deal id; the new position's id is in {@link #affectedDeals()}
 * @param level         fill (or close) price
 * @param profit        realised profit of a close, else null
 */
public record DealConfirmation(String dealReference, String dealId, String dealStatus, String status, String reason,
                               String epic, Direction direction, BigDecimal size, BigDecimal level,
                               List<AffectedDeal> affectedDeals, Instant date, BigDecimal profit) {

    /** {@code status} is OPENED, AMENDED, DELETED, FULLY_CLOSED or PARTIALLY_CLOSED. */
    public record AffectedDeal(String dealId, String status) {
    }

    public boolean accepted() {
        return "ACCEPTED".equals(dealStatus);
    }

    /** The opened position: first affected deal, falling back to the top-level deal id as the reconcile recipe says. */
    public Optional<String> positionDealId() {
        if (!accepted()) {
            return Optional.empty();
        }
        if (affectedDeals != null && !affectedDeals.isEmpty()) {
            return Optional.of(affectedDeals.getFirst().dealId());
        }
        return Optional.ofNullable(dealId);
    }
}
