package io.tickflow.events;

import java.time.Duration;

/** Bar lengths Tickflow builds; codes are stable for storage. */
public enum BarResolution {
    SECOND_1(1, Duration.ofSeconds(1)),
    MINUTE_1(2, Duration.ofMinutes(1)),
    MINUTE_5(3, Duration.ofMinutes(5)),
    HOUR_1(4, Duration.ofHours(1));

    private final int code;
    private final Duration length;

    BarResolution(int code, Duration length) {
        this.code = code;
        this.length = length;
    }

    public int code() {
        return code;
    }

    public Duration length() {
        return length;
    }
}
