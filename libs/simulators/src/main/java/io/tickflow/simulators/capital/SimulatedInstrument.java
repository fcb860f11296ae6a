package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The live state of one simulated instrument: its price path, the latest quote, the minute-bar history and any forced market
 * status. All methods are synchronized: quotes are generated on the streaming timer while REST handlers read snapshots and bars
 * from other event loops (Quarkus runs several).
 */
final class SimulatedInstrument {

    /** Sub-steps of a generated history minute: enough for believable highs and lows, cheap for three days of history. */
    private static final int HISTORY_STEPS_PER_MINUTE = 6;

    final InstrumentSpec spec;
    private final PricePath path;
    private final List<PriceBar> minuteBars = new ArrayList<>();
    private SimulatedQuote lastQuote;
    private MarketStatus forcedStatus;
    private long generatedQuotes;

    SimulatedInstrument(InstrumentSpec spec, long seed) {
        this.spec = spec;
        this.path = new PricePath(spec, seed);
    }

    /**
     * Generates {@code length} of minute bars before {@code now}, skipping the minutes the market was closed, and leaves the
     * walk at the last close so that live quotes continue seamlessly from the history.
     */
    synchronized void generateHistory(Instant now, Duration length) {
        long nowMinute = epochMinute(now);
        long firstMinute = nowMinute - length.toMinutes();
        double stepSeconds = 60.0 / HISTORY_STEPS_PER_MINUTE;
        for (long minute = firstMinute; minute < nowMinute; minute++) {
            if (!spec.tradingHours().isOpen(Instant.ofEpochSecond(minute * 60))) {
                continue;
            }
            PriceBar bar = null;
            for (int step = 0; step < HISTORY_STEPS_PER_MINUTE; step++) {
                path.step(stepSeconds);
                long[] bidAsk = path.bidAskTicks();
                if (bar == null) {
                    bar = new PriceBar(minute, bidAsk[0], bidAsk[1], 0);
                } else {
                    bar.update(bidAsk[0], bidAsk[1], 0);
                }
            }
            bar.volume = path.nextLong(20, 250);
            minuteBars.add(bar);
        }
        long[] bidAsk = path.bidAskTicks();
        lastQuote = quote(bidAsk, now);
    }

    /** Steps the walk by {@code dtSeconds} of market time and returns the new quote; it also feeds the forming minute bar. */
    synchronized SimulatedQuote nextQuote(Instant now, double dtSeconds) {
        path.step(dtSeconds);
        long[] bidAsk = path.bidAskTicks();
        long minute = epochMinute(now);
        PriceBar forming = minuteBars.isEmpty() ? null : minuteBars.getLast();
        if (forming == null || minute > forming.startEpochMinute) {
            minuteBars.add(new PriceBar(minute, bidAsk[0], bidAsk[1], 1));
        } else {
            // Same minute, or a test clock that went backwards: keep feeding the latest bar rather than rewriting history.
            forming.update(bidAsk[0], bidAsk[1], 1);
        }
        generatedQuotes++;
        lastQuote = quote(bidAsk, now);
        return lastQuote;
    }

    private SimulatedQuote quote(long[] bidAsk, Instant now) {
        return new SimulatedQuote(spec.epic(), spec.fromTicks(bidAsk[0]), spec.fromTicks(bidAsk[1]),
                path.nextQuantity(), path.nextQuantity(), now);
    }

    synchronized SimulatedQuote lastQuote() {
        return lastQuote;
    }

    synchronized long generatedQuotes() {
        return generatedQuotes;
    }

    synchronized MarketStatus status(Instant now) {
        if (forcedStatus != null) {
            return forcedStatus;
        }
        return spec.tradingHours().isOpen(now) ? MarketStatus.TRADEABLE : MarketStatus.CLOSED;
    }

    /** Forces a status regardless of the trading hours; {@code null} returns to the schedule. */
    synchronized void forceStatus(MarketStatus status) {
        this.forcedStatus = status;
    }

    /** Today's (UTC) high, low and change against the last close before midnight, on bid prices as Capital.com reports them. */
    synchronized DayStatistics dayStatistics(Instant now) {
        long dayStartMinute = epochMinute(now.truncatedTo(ChronoUnit.DAYS));
        long lastBid = spec.toTicks(lastQuote.bid());
        long high = lastBid;
        long low = lastBid;
        Long referenceBid = null;
        for (int i = minuteBars.size() - 1; i >= 0; i--) {
            PriceBar bar = minuteBars.get(i);
            if (bar.startEpochMinute < dayStartMinute) {
                referenceBid = bar.closeBid;
                break;
            }
            high = Math.max(high, bar.highBid);
            low = Math.min(low, bar.lowBid);
            referenceBid = bar.openBid;
        }
        long reference = referenceBid == null ? lastBid : referenceBid;
        BigDecimal netChange = spec.fromTicks(lastBid - reference);
        BigDecimal percentageChange = reference == 0 ? BigDecimal.ZERO
                : netChange.multiply(BigDecimal.valueOf(100)).divide(spec.fromTicks(reference), 4, RoundingMode.HALF_EVEN);
        return new DayStatistics(spec.fromTicks(high), spec.fromTicks(low), netChange, percentageChange);
    }

    record DayStatistics(BigDecimal high, BigDecimal low, BigDecimal netChange, BigDecimal percentageChange) {
    }

    /**
     * Bars of {@code resolution} whose start lies in {@code [from, to]} (either bound optional). With a {@code from} the first
     * {@code max} bars are returned (how clients page forward); without one the last {@code max} (the newest, still forming
     * bar included).
     */
    synchronized List<PriceBar> bars(PriceResolution resolution, Instant from, Instant to, int max) {
        long fromMinute = from == null ? Long.MIN_VALUE : epochMinute(from);
        long toMinute = to == null ? Long.MAX_VALUE : epochMinute(to);
        int index = from == null ? 0 : firstBarAtOrAfter(resolution.bucketStartMinute(fromMinute));
        List<PriceBar> aggregated = new ArrayList<>();
        PriceBar bucket = null;
        for (; index < minuteBars.size(); index++) {
            PriceBar minuteBar = minuteBars.get(index);
            long bucketStart = resolution.bucketStartMinute(minuteBar.startEpochMinute);
            if (bucketStart > toMinute) {
                break;
            }
            if (bucket != null && bucket.startEpochMinute == bucketStart) {
                bucket.merge(minuteBar);
                continue;
            }
            if (bucket != null && bucket.startEpochMinute >= fromMinute) {
                aggregated.add(bucket);
                if (from != null && aggregated.size() == max) {
                    return aggregated;
                }
            }
            bucket = new PriceBar(bucketStart, minuteBar);
        }
        if (bucket != null && bucket.startEpochMinute >= fromMinute) {
            aggregated.add(bucket);
        }
        if (from != null) {
            return aggregated.size() > max ? aggregated.subList(0, max) : aggregated;
        }
        return aggregated.size() > max ? aggregated.subList(aggregated.size() - max, aggregated.size()) : aggregated;
    }

    /** The forming bar of {@code resolution} at the latest quote, for {@code ohlc.event} frames. */
    synchronized PriceBar formingBar(PriceResolution resolution) {
        if (minuteBars.isEmpty()) {
            return null;
        }
        long bucketStart = resolution.bucketStartMinute(minuteBars.getLast().startEpochMinute);
        PriceBar bucket = null;
        for (int i = firstBarAtOrAfter(bucketStart); i < minuteBars.size(); i++) {
            if (bucket == null) {
                bucket = new PriceBar(bucketStart, minuteBars.get(i));
            } else {
                bucket.merge(minuteBars.get(i));
            }
        }
        return bucket;
    }

    private int firstBarAtOrAfter(long epochMinute) {
        int low = 0;
        int high = minuteBars.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (minuteBars.get(middle).startEpochMinute < epochMinute) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    static long epochMinute(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }
}
