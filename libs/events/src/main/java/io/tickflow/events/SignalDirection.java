package io.tickflow.events;

/** What a strategy wants its position in an instrument to be. */
public enum SignalDirection {
    LONG(1),
    SHORT(2),
    FLAT(3);

    private final int code;

    SignalDirection(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
