package io.tickflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * How far a backtest job is: published when it is split, after each finished task, and when it ends (completed,
 * failed or cancelled). {@code tasksTotal} includes the out-of-sample tasks a walk-forward job will add once its
 * in-sample tasks are done. Per job the counts never go backwards (one partition per job, published in commit order).
 */
public record BacktestProgress(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID jobId,
        int tasksTotal,
        int tasksDone,
        int tasksFailed,
        BacktestJobState state) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public BacktestProgress {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "BacktestProgress");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(jobId, "jobId");
        Checks.required(state, "state");
        if (tasksTotal < 0 || tasksDone < 0 || tasksFailed < 0 || tasksDone + tasksFailed > tasksTotal) {
            throw new InvalidEventException("inconsistent counts: total " + tasksTotal + ", done " + tasksDone
                    + ", failed " + tasksFailed);
        }
    }

    @Override
    public String partitionKey() {
        return jobId.toString();
    }
}
