package io.tickflow.simulators.capital;

import java.util.Map;

/**
 * Totals of the order path since start-up ({@code GET /sim/orders/summary}), counted as orders arrive, so they stay exact
 * when the order log has dropped its oldest entries.
 *
 * @param received      {@code POST /positions} that reached the order handler
 * @param executed      of those, how many opened a position
 * @param faultedTotal  how many were hit by a fault (chaos draw or armed one-shot)
 * @param faulted       the same by kind, every kind listed (0 when it never struck)
 * @param positionsOpen positions open right now, all accounts together (the client may have closed some)
 */
public record OrderSummary(long received, long executed, long faultedTotal, Map<ChaosFault, Long> faulted, int positionsOpen) {
}
