package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A backtest to run: a strategy by name with its parameters, over stored market data of some instruments in
 * [from, to). Anyone may produce it (REST, CLI, kcat); {@code jobId} makes a resubmission idempotent.
 *
 * <p>{@code sweep} and {@code workerClass} were added later and are optional: without a sweep the job is one run of
 * {@code parameters}; without a worker class its tasks go to the {@code cpu} workers.
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
        String requestedBy,
        BacktestSweep sweep,
        String workerClass) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;
    public static final String CPU = "cpu";
    public static final String GPU = "gpu";
    public static final java.util.Set<String> WORKER_CLASSES = java.util.Set.of(CPU, GPU);

    /** A single run on a cpu worker (the fields every producer has always sent). */
    public BacktestJob(int schemaVersion, UUID eventId, Instant eventTime, Instant ingestTime, UUID jobId,
            String strategyId, Map<String, String> parameters, List<String> instruments, Instant from, Instant to,
            BigDecimal initialCapital, String requestedBy) {
        this(schemaVersion, eventId, eventTime, ingestTime, jobId, strategyId, parameters, instruments, from, to,
                initialCapital, requestedBy, null, null);
    }

    public static String checkWorkerClass(String workerClass) {
        if (!WORKER_CLASSES.contains(workerClass)) {
            throw new InvalidEventException("workerClass '" + workerClass + "' is not one of cpu, gpu");
        }
        return workerClass;
    }

    /** The worker class the job's tasks go to: {@code workerClass}, or cpu when absent. */
    public String workerClassOrDefault() {
        return workerClass == null ? CPU : workerClass;
    }

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
        if (workerClass != null) {
            checkWorkerClass(workerClass);
        }
    }

    @Override
    public String partitionKey() {
        return jobId.toString();
    }
}
