package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One element of {@code GET /history/activity?detailed=true}.
 *
 * @param source  CLOSE_OUT, DEALER, SL, SYSTEM, TP or USER
 * @param type    POSITION, WORKING_ORDER, EDIT_STOP_AND_LIMIT, SWAP or SYSTEM
 * @param status  ACCEPTED, CREATED, EXECUTED, EXPIRED, REJECTED, MODIFIED, ...
 * @param details null when the API sent none
 */
public record Activity(Instant date, String epic, String dealId, String source, String type, String status, Details details) {

    public record Details(String dealReference, String marketName, String currency, BigDecimal size, Direction direction,
                          BigDecimal level) {
    }
}
