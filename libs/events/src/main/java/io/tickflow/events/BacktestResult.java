package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of a {@link BacktestJob}. Amounts are in the account currency, ratios are plain decimals. The metrics
 * after {@code error} were added later and are optional (null when a figure is undefined, e.g. Sharpe without daily
 * variation, or absent from results of older workers); their conventions are documented in docs/topics.md.
 */
public record BacktestResult(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID jobId,
        BacktestStatus status,
        String strategyId,
        long eventsProcessed,
        long signals,
        long trades,
        BigDecimal initialCapital,
        BigDecimal finalEquity,
        BigDecimal totalReturn,
        BigDecimal maxDrawdown,
        String codeVersion,
        String error,
        BigDecimal cagr,
        BigDecimal sharpe,
        BigDecimal sortino,
        BigDecimal calmar,
        BigDecimal winRate,
        BigDecimal profitFactor,
        BigDecimal exposure,
        Integer closedTrades,
        Long refusedOrders,
        BigDecimal funding) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public BacktestResult {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "BacktestResult");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(jobId, "jobId");
        Checks.required(status, "status");
        Checks.text(strategyId, "strategyId");
        if (status == BacktestStatus.COMPLETED) {
            Checks.positive(initialCapital, "initialCapital");
            Checks.exact(finalEquity, "finalEquity");
            Checks.exact(totalReturn, "totalReturn");
            Checks.nonNegative(maxDrawdown, "maxDrawdown");
        } else {
            Checks.text(error, "error");
        }
        for (BigDecimal metric : new BigDecimal[] {cagr, sharpe, sortino, calmar, winRate, profitFactor, exposure,
                funding}) {
            Checks.optional(metric, "metric");
        }
    }

    /** A result without the optional metrics (a failed job, or a producer that predates them). */
    public BacktestResult(int schemaVersion, UUID eventId, Instant eventTime, Instant ingestTime, UUID jobId,
            BacktestStatus status, String strategyId, long eventsProcessed, long signals, long trades,
            BigDecimal initialCapital, BigDecimal finalEquity, BigDecimal totalReturn, BigDecimal maxDrawdown,
            String codeVersion, String error) {
        this(schemaVersion, eventId, eventTime, ingestTime, jobId, status, strategyId, eventsProcessed, signals, trades,
                initialCapital, finalEquity, totalReturn, maxDrawdown, codeVersion, error, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Override
    public String partitionKey() {
        return jobId.toString();
    }
}
