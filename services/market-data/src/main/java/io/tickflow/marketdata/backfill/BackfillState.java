package io.tickflow.marketdata.backfill;

/** A backfill job's state; only SUCCEEDED is final (FAILED and CANCELLED jobs can be resumed). */
public enum BackfillState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean resumable() {
        return this == FAILED || this == CANCELLED;
    }
}
