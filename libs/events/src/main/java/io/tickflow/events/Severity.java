package io.tickflow.events;

public enum Severity {
    INFO(1),
    WARNING(2),
    CRITICAL(3);

    private final int code;

    Severity(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
