package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One {@code POST /positions} as the simulator received it, for tests that must prove how many orders really reached the
 * broker (a client that retries a timed-out order shows up here twice) and, under fault injection, which of them were really
 * filled whatever the client was told.
 *
 * @param sequence      1, 2, 3... in order of receipt
 * @param receivedAt    simulator clock at receipt
 * @param receivedNanos {@code System.nanoTime()} at receipt
 * @param epic          as sent (null when missing)
 * @param direction     as sent
 * @param size          as sent
 * @param dealReference the {@code o_} reference handed out (or that would have been, had the answer got through), null when
 *                      none was
 * @param outcome       what the broker did: ACCEPTED, REJECTED (see detail), ERROR (an HTTP error, code in detail) or
 *                      NOT_EXECUTED (dropped by a fault before the dealing desk saw it). What the client saw also depends on
 *                      {@code fault}: an ACCEPTED order hit by {@link ChaosFault#RESET_AFTER_EXECUTE} got no answer at all
 * @param detail        rejection reason or error code, null on success
 * @param hung          whether the fault injection held the answer back
 * @param executed      whether a position was opened ({@code dealId} then names it)
 * @param dealId        the opened position's dealId (its {@code dealReference} on {@code GET /positions} is {@code p_<dealId>}),
 *                      null when nothing was opened
 * @param fault         the fault that hit this order (a chaos draw or one armed with {@code failNextOrders} /
 *                      {@code hangNextOrders}), null if none
 */
public record ReceivedOrder(long sequence, Instant receivedAt, long receivedNanos, String epic, String direction,
                            BigDecimal size, String dealReference, String outcome, String detail, boolean hung,
                            boolean executed, String dealId, ChaosFault fault) {
}
