package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A backtest to run: a strategy by name with its parameters, over stored market data of some instruments in
 * [from, to). Anyone may produce it (REST, CLI, kcat); {@code jobId} makes a resubmission idempotent.
 */
public record BacktestJob(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID jobId,
        String strategyId,
        Map<String, String> parameters,
        List<String> instruments,
        Instant from,
        Instant to,
        BigDecimal initialCapital,
        String requestedBy) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public BacktestJob {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "BacktestJob");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(jobId, "jobId");
        Checks.text(strategyId, "strategyId");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        Checks.required(instruments, "instruments");
        if (instruments.isEmpty()) {
            throw new InvalidEventException("instruments must name at least one instrument");
        }
        instruments.forEach(Checks::instrument);
        instruments = List.copyOf(instruments);
        Checks.required(from, "from");
        Checks.required(to, "to");
        if (!from.isBefore(to)) {
            throw new InvalidEventException("from " + from + " must be before to " + to);
        }
        Checks.positive(initialCapital, "initialCapital");
    }

    @Override
    public String partitionKey() {
        return jobId.toString();
    }
}
