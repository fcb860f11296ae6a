package io.tickflow.events;

public enum BacktestStatus {
    COMPLETED(1),
    FAILED(2);

    private final int code;

    BacktestStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
