package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One run of a {@link BacktestJob}: one parameter set over one window. {@code phase} says which: {@code FULL} (the
 * job's range, no out-of-sample split), {@code IN_SAMPLE} or {@code OUT_OF_SAMPLE} of walk-forward fold
 * {@code fold}. {@code index} numbers the job's tasks from 0; {@code taskId} derives from job and index, so a
 * re-published task is the same task. Published on the tasks topic of its {@code workerClass}.
 */
public record BacktestTask(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID taskId,
        UUID jobId,
        int index,
        String strategyId,
        Map<String, String> parameters,
        String phase,
        int fold,
        Instant from,
        Instant to,
        String workerClass,
        List<String> instruments,
        BigDecimal initialCapital) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;
    public static final String FULL = "FULL";
    public static final String IN_SAMPLE = "IN_SAMPLE";
    public static final String OUT_OF_SAMPLE = "OUT_OF_SAMPLE";
    public static final Set<String> PHASES = Set.of(FULL, IN_SAMPLE, OUT_OF_SAMPLE);

    public BacktestTask {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "BacktestTask");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(taskId, "taskId");
        Checks.required(jobId, "jobId");
        if (index < 0) {
            throw new InvalidEventException("index must not be negative, was " + index);
        }
        Checks.text(strategyId, "strategyId");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        if (!PHASES.contains(Checks.text(phase, "phase"))) {
            throw new InvalidEventException("phase '" + phase + "' is not one of FULL, IN_SAMPLE, OUT_OF_SAMPLE");
        }
        Checks.required(from, "from");
        Checks.required(to, "to");
        if (!from.isBefore(to)) {
            throw new InvalidEventException("from " + from + " must be before to " + to);
        }
        BacktestJob.checkWorkerClass(Checks.text(workerClass, "workerClass"));
        Checks.required(instruments, "instruments");
        if (instruments.isEmpty()) {
            throw new InvalidEventException("instruments must name at least one instrument");
        }
        instruments.forEach(Checks::instrument);
        instruments = List.copyOf(instruments);
        Checks.positive(initialCapital, "initialCapital");
    }

    /** The task id of task {@code index} of {@code jobId}: derived, so splitting twice gives the same ids. */
    public static UUID taskId(UUID jobId, int index) {
        return UUID.nameUUIDFromBytes(("task|" + jobId + "|" + index)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Keyed by task id, not job id: one job's tasks spread over every partition, hence over every worker. */
    @Override
    public String partitionKey() {
        return taskId.toString();
    }
}
