package io.tickflow.simulators.alphavantage;

import java.time.LocalDate;
import java.util.Objects;

/** One row of a {@code DIGITAL_CURRENCY_DAILY} series as served (strings, as Alpha Vantage sends them). */
public record DailyRow(LocalDate date, String open, String high, String low, String close, String volume) {

    public DailyRow {
        Objects.requireNonNull(date, "date");
    }
}
