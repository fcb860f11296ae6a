package io.tickflow.events;

/** Where a backtest job is: QUEUED (stored, not split yet), RUNNING (tasks split), then one of the final three. */
public enum BacktestJobState {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
