package io.tickflow.marketsources;

import java.time.Instant;

/**
 * A snapshot of a source's health for failover decisions and metrics.
 *
 * @param source        {@code polygon}, {@code alphavantage}
 * @param since         when {@code state} was entered
 * @param lastMessageAt when the last valid market data (tick or bar) arrived; null if none yet. Staleness is judged on this,
 *                      not on the connection state: a connected source can go quiet.
 * @param reconnects    reconnects (streams) or failed polls (pollers) so far
 * @param lastError     the last problem, human readable, never containing a key; null if none
 */
public record SourceHealth(String source, SourceState state, Instant since, Instant lastMessageAt, long reconnects,
                           String lastError) {

    public boolean connected() {
        return state == SourceState.CONNECTED;
    }
}
