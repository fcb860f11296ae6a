package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The outcome of a {@link BacktestJob}. Amounts are in the account currency, ratios are plain decimals. */
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
        String error) implements TickflowEvent {

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
    }

    @Override
    public String partitionKey() {
        return jobId.toString();
    }
}
