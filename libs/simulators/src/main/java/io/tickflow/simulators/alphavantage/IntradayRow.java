package io.tickflow.simulators.alphavantage;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One row of a {@code CRYPTO_INTRADAY} series as served: {@code time} is local to the zone the metadata announces, values
 * are the strings Alpha Vantage sends (a test may put {@code "."} or garbage on purpose).
 */
public record IntradayRow(LocalDateTime time, String open, String high, String low, String close, String volume) {

    public IntradayRow {
        Objects.requireNonNull(time, "time");
    }
}
