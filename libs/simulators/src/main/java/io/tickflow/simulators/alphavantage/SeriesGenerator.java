package io.tickflow.simulators.alphavantage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic series for the Alpha Vantage simulator: every value is a pure function of the seed, the symbol and the
 * bar's index since the epoch (a smooth path in cents from {@link StrictMath}, so every JVM agrees, plus hashed noise), so
 * the same request at the same simulated time always gets the same answer. Rows come newest first, as Alpha Vantage
 * orders them.
 */
final class SeriesGenerator {

    private final long seed;
    private final double missingValueProbability;

    SeriesGenerator(AlphaVantageSimulatorConfig config) {
        this.seed = config.seed();
        this.missingValueProbability = config.missingValueProbability();
    }

    /**
     * The {@code count} newest completed bars of {@code interval} before {@code now}, timestamped by their start (Alpha
     * Vantage labels an intraday bar by its start; simulator choice, not documented), in {@code zone}.
     */
    List<IntradayRow> intraday(String symbol, BigDecimal start, Duration interval, int count, Instant now, ZoneId zone) {
        long length = interval.toMillis();
        long lastStart = Math.floorDiv(now.toEpochMilli(), length) * length - length;
        List<IntradayRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long startMillis = lastStart - i * length;
            long index = startMillis / length;
            long hash = mix(seed, symbol.hashCode(), length, index);
            long base = cents(start);
            double minutes = startMillis / 60_000.0;
            long open = level(base, minutes) + mix(hash, 1) % 300;
            long close = level(base, minutes + length / 60_000.0) + mix(hash, 2) % 300;
            long high = Math.max(open, close) + Math.abs(mix(hash, 3) % 200);
            long low = Math.min(open, close) - Math.abs(mix(hash, 4) % 200);
            rows.add(new IntradayRow(Instant.ofEpochMilli(startMillis).atZone(zone).toLocalDateTime(), price(open, 5),
                    price(high, 5), price(low, 5), price(close, 5), Long.toString(1 + Math.abs(mix(hash, 5) % 900))));
        }
        return rows;
    }

    /** Daily bars of the {@code count} UTC days before {@code today}, newest first. */
    List<DailyRow> daily(String symbol, BigDecimal start, int count, LocalDate today) {
        List<DailyRow> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            LocalDate date = today.minusDays(i);
            long hash = mix(seed, symbol.hashCode(), 86_400_000L, date.toEpochDay());
            double minutes = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() / 60_000.0;
            long base = cents(start);
            long open = level(base, minutes) + mix(hash, 1) % 2_000;
            long close = level(base, minutes + 1440) + mix(hash, 2) % 2_000;
            long high = Math.max(open, close) + Math.abs(mix(hash, 3) % 1_500);
            long low = Math.min(open, close) - Math.abs(mix(hash, 4) % 1_500);
            rows.add(new DailyRow(date, price(open, 8), price(high, 8), price(low, 8), price(close, 8),
                    BigDecimal.valueOf(100_000_000L + Math.abs(mix(hash, 5) % 9_000_000_000L), 8).toPlainString()));
        }
        return rows;
    }

    /**
     * WTI closes: business days (weekends have no row, like the EIA series) before {@code today}, newest first, some of them
     * {@code "."}; weekly and monthly series take every Friday or every first of the month.
     */
    List<DatedValue> wti(BigDecimal start, String interval, int count, LocalDate today) {
        List<DatedValue> values = new ArrayList<>(count);
        LocalDate date = today.minusDays(1);
        while (values.size() < count) {
            boolean include = switch (interval) {
                case "weekly" -> date.getDayOfWeek() == DayOfWeek.FRIDAY;
                case "monthly" -> date.getDayOfMonth() == 1;
                default -> date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY;
            };
            if (include) {
                long hash = mix(seed, "WTI".hashCode(), interval.hashCode(), date.toEpochDay());
                if (unit(hash) < missingValueProbability) {
                    values.add(new DatedValue(date, "."));
                } else {
                    double minutes = date.toEpochDay() * 1440.0;
                    values.add(new DatedValue(date, price(level(cents(start), minutes) + mix(hash, 1) % 150, 2)));
                }
            }
            date = date.minusDays(1);
        }
        return values;
    }

    private static long level(long startCents, double minutes) {
        double wave = 0.04 * StrictMath.sin(2 * StrictMath.PI * minutes / (30 * 24 * 60))
                + 0.003 * StrictMath.sin(2 * StrictMath.PI * minutes / 7);
        return Math.max(100, Math.round(startCents * (1 + wave)));
    }

    private static long cents(BigDecimal price) {
        return price.movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private static String price(long cents, int scale) {
        return BigDecimal.valueOf(Math.max(1, cents), 2).setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** SplitMix64 over the inputs. */
    private static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long value : values) {
            h ^= value;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }

    private static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
