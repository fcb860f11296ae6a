package io.tickflow.marketsources;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A daily value from a source's history: OHLC and volume where the series has them, or only {@code close} for close-only
 * series (Alpha Vantage's WTI, the EIA daily spot price). Daily data has no place in {@link io.tickflow.events.Bar}, whose
 * resolutions stop at one hour; it serves reference checks and long-range gap reports. {@code date} is the series' own
 * trading day as the source labels it (UTC for digital currencies, the EIA's business day for WTI).
 */
public record DailyBar(String instrument, String source, LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low,
                       BigDecimal close, BigDecimal volume) {

    public DailyBar {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(close, "close");
    }

    public boolean closeOnly() {
        return open == null;
    }
}
