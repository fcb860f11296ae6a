package io.tickflow.backtest.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.BacktestStatus;
import io.tickflow.events.EventCodec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The full outcome of one run: counts, money, metrics, trades and the equity curve. */
public record BacktestReport(
        String strategyId,
        Instant from,
        Instant to,
        BigDecimal initialCapital,
        BigDecimal finalEquity,
        long ticks,
        long signals,
        long fills,
        long refusedOrders,
        BigDecimal funding,
        BigDecimal commission,
        Metrics metrics,
        List<Trade> trades,
        List<EquityPoint> equityCurve) {

    /**
     * The result event of job {@code jobId}: counts, final equity in cents (total return consistent with it), and the
     * metrics. {@code trades} there counts fills, as it always has; closed round trips are {@code closedTrades}. The
     * id derives from the job, so a redone job publishes the same result id.
     */
    public BacktestResult toResult(UUID jobId, String codeVersion) {
        BigDecimal equity = finalEquity.setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal totalReturn = equity.subtract(initialCapital)
                .divide(initialCapital, Metrics.SCALE, RoundingMode.HALF_EVEN);
        UUID id = UUID.nameUUIDFromBytes(("result|" + jobId).getBytes(StandardCharsets.UTF_8));
        return new BacktestResult(BacktestResult.SCHEMA_VERSION, id, to, to, jobId, BacktestStatus.COMPLETED,
                strategyId, ticks, signals, fills, initialCapital, equity, totalReturn, metrics.maxDrawdown(),
                codeVersion, null, metrics.cagr(), metrics.sharpe(), metrics.sortino(), metrics.calmar(),
                metrics.winRate(), metrics.profitFactor(), metrics.exposure(), metrics.closedTrades(), refusedOrders,
                funding);
    }

    /**
     * Canonical JSON (the events' mapper: fields in declaration order, amounts as strings, times ISO-8601 UTC), so two
     * runs can be compared byte for byte.
     */
    public String toJson() {
        try {
            return EventCodec.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the report", e);
        }
    }
}
