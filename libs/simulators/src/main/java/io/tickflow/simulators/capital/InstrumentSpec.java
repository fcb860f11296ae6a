package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * Everything the simulator needs to know to quote and deal one instrument.
 *
 * <p>Prices move on a grid of {@code 10^-decimals}; the random walk draws its steps from {@code volatilityPerSqrtSecond}, the
 * standard deviation of the relative mid-price change over one second (a sqrt-time scaling makes the path's character
 * independent of the quote rate). Sizes must be multiples of {@code minSizeIncrement} within {@code [minDealSize, maxDealSize]},
 * the rule real clients get wrong when they use the price step {@code minStepDistance} as a size grid.
 */
public record InstrumentSpec(
        String epic,
        String name,
        String instrumentType,
        String currency,
        int decimals,
        BigDecimal initialMid,
        BigDecimal minSpread,
        BigDecimal maxSpread,
        double volatilityPerSqrtSecond,
        BigDecimal lotSize,
        BigDecimal minDealSize,
        BigDecimal maxDealSize,
        BigDecimal minSizeIncrement,
        BigDecimal minStepDistance,
        BigDecimal marginFactorPercent,
        BigDecimal minStopOrProfitDistancePercent,
        BigDecimal maxStopOrProfitDistancePercent,
        BigDecimal minQuoteQuantity,
        BigDecimal maxQuoteQuantity,
        TradingHours tradingHours) {

    public InstrumentSpec {
        Objects.requireNonNull(epic, "epic");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instrumentType, "instrumentType");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(tradingHours, "tradingHours");
        if (decimals < 0 || decimals > 8) {
            throw new IllegalArgumentException("decimals must be in [0, 8]: " + decimals);
        }
        requireOnPriceGrid("initialMid", initialMid, decimals);
        requireOnPriceGrid("minSpread", minSpread, decimals);
        requireOnPriceGrid("maxSpread", maxSpread, decimals);
        if (minSpread.signum() <= 0 || maxSpread.compareTo(minSpread) < 0) {
            throw new IllegalArgumentException("spread range must satisfy 0 < minSpread <= maxSpread");
        }
        if (minDealSize.compareTo(maxDealSize) > 0 || minSizeIncrement.signum() <= 0) {
            throw new IllegalArgumentException("deal size rules are inconsistent for " + epic);
        }
        if (minQuoteQuantity.compareTo(maxQuoteQuantity) > 0) {
            throw new IllegalArgumentException("quote quantity range is inverted for " + epic);
        }
    }

    private static void requireOnPriceGrid(String field, BigDecimal value, int decimals) {
        Objects.requireNonNull(value, field);
        if (value.stripTrailingZeros().scale() > decimals) {
            throw new IllegalArgumentException(field + " " + value + " has more than " + decimals + " decimals");
        }
    }

    /** Bitcoin, quoted around 90,000 USD with a 30-60 USD spread, 24/7; size grid 0.0001 as measured on the live API. */
    public static InstrumentSpec btcUsd() {
        return new InstrumentSpec("BTCUSD", "Bitcoin/USD", "CRYPTOCURRENCIES", "USD", 2,
                new BigDecimal("90000.00"), new BigDecimal("30.00"), new BigDecimal("60.00"), 1.5e-4,
                new BigDecimal("1"), new BigDecimal("0.0001"), new BigDecimal("100"), new BigDecimal("0.0001"),
                new BigDecimal("0.05"), new BigDecimal("50"), new BigDecimal("0.01"), new BigDecimal("60"),
                new BigDecimal("0.5000"), new BigDecimal("5.0000"), TradingHours.alwaysOpen());
    }

    /**
     * Crude oil around 70 USD, 3-cent spread. The real hours are unconfirmed; we use the common futures week (Sunday 23:00 to
     * Friday 22:00 UTC with a daily 22:00-23:00 break). Min size 1 and increment 1 follow a third-party config (unconfirmed).
     */
    public static InstrumentSpec oilCrude() {
        return new InstrumentSpec("OIL_CRUDE", "Crude Oil", "COMMODITIES", "USD", 2,
                new BigDecimal("70.00"), new BigDecimal("0.03"), new BigDecimal("0.03"), 1.0e-4,
                new BigDecimal("1"), new BigDecimal("1"), new BigDecimal("10000"), new BigDecimal("1"),
                new BigDecimal("0.01"), new BigDecimal("10"), new BigDecimal("0.01"), new BigDecimal("60"),
                new BigDecimal("1000.0"), new BigDecimal("5000.0"),
                TradingHours.weekdaysWithDailyBreak(LocalTime.of(22, 0), LocalTime.of(23, 0)));
    }

    /**
     * Silver as in the Postman collection's examples (3 decimals, ~24.3 USD, hours Sunday 23:05 - Friday 22:00 with a daily
     * break). It exists so that Capital.com's official collection, whose request bodies hard-code SILVER, runs against us.
     */
    public static InstrumentSpec silver() {
        return new InstrumentSpec("SILVER", "Silver", "COMMODITIES", "USD", 3,
                new BigDecimal("24.300"), new BigDecimal("0.020"), new BigDecimal("0.020"), 1.0e-4,
                new BigDecimal("1"), new BigDecimal("0.1"), new BigDecimal("1000"), new BigDecimal("0.1"),
                new BigDecimal("0.001"), new BigDecimal("10"), new BigDecimal("0.01"), new BigDecimal("60"),
                new BigDecimal("100.0"), new BigDecimal("1000.0"),
                TradingHours.weekdaysWithDailyBreak(LocalTime.of(22, 0), LocalTime.of(23, 5)));
    }

    /**
     * Natural gas as in the Postman collection's examples (3 decimals, ~2.76 USD, Monday to Friday 01:00-23:00 UTC). Like
     * SILVER it exists because the official collection's requests name it.
     */
    public static InstrumentSpec naturalGas() {
        return new InstrumentSpec("NATURALGAS", "Natural Gas", "COMMODITIES", "USD", 3,
                new BigDecimal("2.764"), new BigDecimal("0.005"), new BigDecimal("0.006"), 1.5e-4,
                new BigDecimal("1"), new BigDecimal("0.1"), new BigDecimal("10000"), new BigDecimal("0.1"),
                new BigDecimal("0.001"), new BigDecimal("10"), new BigDecimal("0.1"), new BigDecimal("30"),
                new BigDecimal("1000.0"), new BigDecimal("10000.0"),
                TradingHours.weekdays(LocalTime.of(1, 0), LocalTime.of(23, 0)));
    }

    /** Every predefined instrument: BTCUSD and OIL_CRUDE for the platform, SILVER and NATURALGAS for the Postman collection. */
    public static List<InstrumentSpec> catalogue() {
        return List.of(btcUsd(), oilCrude(), silver(), naturalGas());
    }

    /** One price tick, {@code 10^-decimals}. */
    BigDecimal tickSize() {
        return BigDecimal.ONE.movePointLeft(decimals);
    }

    long toTicks(BigDecimal price) {
        return price.movePointRight(decimals).longValueExact();
    }

    BigDecimal fromTicks(long ticks) {
        return BigDecimal.valueOf(ticks, decimals);
    }
}
