package io.tickflow.events;

public enum OrderType {
    MARKET(1);

    private final int code;

    OrderType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
