package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Joins the bid and ask {@link OhlcEvent}s of Capital.com's OHLC stream into {@link BidAskBar}s. Capital.com sends a
 * forming bar again with every change, one side per event: {@link Update#forming} is its latest state once both sides
 * have been seen, and {@link Update#closed} the last state of the bar before it, final once an event of a later bar of
 * the same epic and resolution arrives. Only the newest bar per epic and resolution is kept: a late event of an older
 * bar changes nothing.
 *
 * <p>Not thread-safe: one pairer per consumer.
 */
public final class OhlcPairer {

    public record Ohlc(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {
    }

    /** A bar of one epic and resolution with both sides. */
    public record BidAskBar(String epic, String resolution, Instant start, Ohlc bid, Ohlc ask) {
    }

    /** What one event did: the bar it completed or updated (null while a side is missing), the bar it closed (or null). */
    public record Update(BidAskBar forming, BidAskBar closed) {
    }

    private static final class Forming {
        final Instant start;
        Ohlc bid;
        Ohlc ask;

        Forming(Instant start) {
            this.start = start;
        }

        BidAskBar bar(String epic, String resolution) {
            return bid == null || ask == null ? null : new BidAskBar(epic, resolution, start, bid, ask);
        }
    }

    private final Map<String, Forming> formingByKey = new HashMap<>();

    public Update accept(OhlcEvent event) {
        String key = event.epic() + '|' + event.resolution();
        Forming current = formingByKey.get(key);
        BidAskBar closed = null;
        if (current == null || event.start().isAfter(current.start)) {
            closed = current == null ? null : current.bar(event.epic(), event.resolution());
            current = new Forming(event.start());
            formingByKey.put(key, current);
        } else if (event.start().isBefore(current.start)) {
            return new Update(null, null); // an older bar's late event: that bar is over
        }
        Ohlc side = new Ohlc(event.open(), event.high(), event.low(), event.close());
        if (event.side() == OhlcEvent.Side.BID) {
            current.bid = side;
        } else {
            current.ask = side;
        }
        return new Update(current.bar(event.epic(), event.resolution()), closed);
    }
}
