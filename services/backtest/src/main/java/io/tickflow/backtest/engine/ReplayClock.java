package io.tickflow.backtest.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that reads the replayed event time, so anything timestamped during a backtest is deterministic. */
final class ReplayClock extends Clock {

    private Instant now = Instant.EPOCH;

    void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("replay clock is UTC only");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
