package io.tickflow.simulators.alphavantage;

import java.time.LocalDate;
import java.util.Objects;

/** One point of a commodity series ({@code WTI}) as served: {@code "."} is the FRED/EIA token for a missing value. */
public record DatedValue(LocalDate date, String value) {

    public DatedValue {
        Objects.requireNonNull(date, "date");
    }
}
