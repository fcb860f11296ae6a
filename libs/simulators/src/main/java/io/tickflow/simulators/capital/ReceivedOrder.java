package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One {@code POST /positions} as the simulator received it, for tests that must prove how many orders really reached the
 * broker (a client that retries a timed-out order shows up here twice).
 *
 * @param sequence      1, 2, 3... in order of receipt
 * @param receivedAt    simulator clock at receipt
 * @param receivedNanos {@code System.nanoTime()} at receipt
 * @param epic          as sent (null when missing)
 * @param direction     as sent
 * @param size          as sent
 * @param dealReference the {@code o_} reference handed out, null when none was
 * @param outcome       ACCEPTED, REJECTED (see detail), ERROR (an HTTP error, code in detail) or NOT_EXECUTED (hung and dropped)
 * @param detail        rejection reason or error code, null on success
 * @param hung          whether the fault injection held the answer back
 */
public record ReceivedOrder(long sequence, Instant receivedAt, long receivedNanos, String epic, String direction,
                            BigDecimal size, String dealReference, String outcome, String detail, boolean hung) {
}
