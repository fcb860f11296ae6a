package io.tickflow.simulators.capital;

import java.util.Map;

/**
 * Counters for tests and dashboards ({@code GET /sim/stats}).
 *
 * @param quotesGenerated quotes produced per epic (the price moved), whether or not anybody was subscribed
 * @param quotesStreamed  quotes written to at least one socket per epic: the numbering the latency probe uses
 */
public record SimulatorStats(
        long successfulLogins,
        long refusedLogins,
        int activeSessions,
        long restRequests,
        long rateLimitedRequests,
        long ordersReceived,
        int openPositions,
        int streamingConnections,
        long streamingConnectionsAccepted,
        long streamingConnectionsDropped,
        long malformedFramesSent,
        long quotesDroppedForSlowConsumers,
        Map<String, Long> quotesGenerated,
        Map<String, Long> quotesStreamed) {
}
