package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** {@code GET /markets/{epic}}: the instrument, its dealing rules and a price snapshot. Prices are exact decimals. */
public record MarketDetails(Instrument instrument, DealingRules dealingRules, Snapshot snapshot) {

    public record Instrument(String epic, String name, String type, String currency, BigDecimal lotSize,
                             BigDecimal marginFactor, String marginFactorUnit, OpeningHours openingHours) {
    }

    /** One dealing rule: {@code unit} is POINTS or PERCENTAGE. */
    public record DealingRule(String unit, BigDecimal value) {
    }

    /**
     * The rules clients get wrong: {@code minSizeIncrement} is the size grid, {@code minStepDistance} a price step. A rule the
     * API did not send is null. The minimums widen in volatile markets: re-fetch instead of caching them for long.
     */
    public record DealingRules(DealingRule minDealSize, DealingRule maxDealSize, DealingRule minSizeIncrement,
                               DealingRule minStepDistance, DealingRule minStopOrProfitDistance,
                               DealingRule maxStopOrProfitDistance, DealingRule minGuaranteedStopDistance) {
    }

    /**
     * @param marketStatus TRADEABLE, CLOSED, EDITS_ONLY, OFFLINE, ON_AUCTION, ON_AUCTION_NO_EDITS or SUSPENDED
     * @param decimalPlacesFactor price decimals
     */
    public record Snapshot(String marketStatus, BigDecimal bid, BigDecimal offer, BigDecimal high, BigDecimal low,
                           BigDecimal netChange, BigDecimal percentageChange, int decimalPlacesFactor, int scalingFactor) {

        /** Anything but TRADEABLE is treated as closed: orders would be rejected with MARKET_CLOSED. */
        public boolean tradeable() {
            return "TRADEABLE".equals(marketStatus);
        }
    }

    /** {@code openingHours}: per weekday the open intervals; {@code 00:00} as an end means midnight. */
    public record OpeningHours(String zone, Map<DayOfWeek, List<TimeRange>> days) {

        public record TimeRange(LocalTime open, LocalTime close) {
            boolean contains(LocalTime time) {
                return !time.isBefore(open) && (close.equals(LocalTime.MIDNIGHT) || time.isBefore(close));
            }
        }

        /** Whether the schedule says open at {@code instant} (the live status is {@link Snapshot#marketStatus()}). */
        public boolean isOpen(Instant instant) {
            ZonedDateTime at = instant.atZone("UTC".equals(zone) || zone == null ? ZoneOffset.UTC : java.time.ZoneId.of(zone));
            return days.getOrDefault(at.getDayOfWeek(), List.of()).stream().anyMatch(range -> range.contains(at.toLocalTime()));
        }
    }
}
