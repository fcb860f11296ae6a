package io.tickflow.marketsources.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.events.Bar;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.InputChecks;
import io.tickflow.marketsources.InvalidInputException;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.SymbolMap;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Massive crypto events to Tickflow events, with every check the issue asks of bad input: prices must be finite and
 * positive, a quote must not be crossed, timestamps must be near our clock, the pair must be one we map and subscribed.
 * Each failed check throws {@link InvalidInputException} with the reason to count.
 */
final class PolygonDecoder {

    static final String SOURCE = "polygon";

    private final SymbolMap symbols;
    private final Duration maxFutureSkew;
    private final Duration maxAge;

    PolygonDecoder(SymbolMap symbols, Duration maxFutureSkew, Duration maxAge) {
        this.symbols = symbols;
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    /** A decoded XQ, before it becomes a tick: trades need the latest one of their instrument. */
    record Quote(String instrument, BigDecimal bid, BigDecimal ask) {
    }

    Quote quote(JsonNode event, Set<String> subscribed) {
        String instrument = instrument(event, subscribed);
        BigDecimal bid = InputChecks.price(event, "bp");
        BigDecimal ask = InputChecks.price(event, "ap");
        if (bid.compareTo(ask) > 0) {
            throw new InvalidInputException(RejectReason.CROSSED_QUOTE, "bid " + bid.toPlainString() + " > ask "
                    + ask.toPlainString());
        }
        InputChecks.size(event, "bs", false);
        InputChecks.size(event, "as", false);
        return new Quote(instrument, bid, ask);
    }

    Tick quoteTick(Quote quote, JsonNode event, Instant now) {
        Instant t = time(event, "t", now);
        return tick(quote.instrument(), quote.bid(), quote.ask(), null, null, t, now);
    }

    /** An XT on top of the latest quote: bid and ask from the quote, last and size from the trade. */
    Tick tradeTick(JsonNode event, Set<String> subscribed, Quote latest, Instant now) {
        String instrument = instrument(event, subscribed);
        BigDecimal price = InputChecks.price(event, "p");
        BigDecimal size = InputChecks.size(event, "s", true);
        Instant t = time(event, "t", now);
        if (latest == null) {
            return null;
        }
        return tick(instrument, latest.bid(), latest.ask(), price, size, t, now);
    }

    /** XA/XAS: OHLC of the trades in [s, e); the bar's close time is {@code s} plus the channel's length. */
    Bar aggregate(JsonNode event, PolygonChannel channel, Set<String> subscribed, Instant now) {
        String instrument = instrument(event, subscribed);
        BigDecimal open = InputChecks.price(event, "o");
        BigDecimal high = InputChecks.price(event, "h");
        BigDecimal low = InputChecks.price(event, "l");
        BigDecimal close = InputChecks.price(event, "c");
        InputChecks.size(event, "v", false);
        Instant start = InputChecks.epochMillis(event, "s");
        Instant end = InputChecks.epochMillis(event, "e");
        Duration length = channel.resolution().length();
        if (!end.equals(start.plus(length)) || start.toEpochMilli() % length.toMillis() != 0) {
            throw new InvalidInputException(RejectReason.INCONSISTENT_BAR, channel + " window [" + start + ", " + end
                    + ") is not one aligned " + length);
        }
        InputChecks.checkTime(end, now, maxFutureSkew, maxAge, "e");
        return InputChecks.bar(SOURCE, instrument, channel.resolution(), start, open, high, low, close, 0, now);
    }

    private String instrument(JsonNode event, Set<String> subscribed) {
        String pair = InputChecks.text(event, "pair");
        String instrument = symbols.instrumentOfPolygonPair(pair).orElseThrow(() ->
                new InvalidInputException(RejectReason.UNKNOWN_SYMBOL, "pair " + pair + " is not in " + SymbolMap.POLYGON_SETTING));
        if (!subscribed.contains(instrument)) {
            throw new InvalidInputException(RejectReason.UNKNOWN_SYMBOL, "pair " + pair + " (" + instrument + ") is not subscribed");
        }
        return instrument;
    }

    private Instant time(JsonNode event, String field, Instant now) {
        Instant t = InputChecks.epochMillis(event, field);
        InputChecks.checkTime(t, now, maxFutureSkew, maxAge, field);
        return t;
    }

    private static Tick tick(String instrument, BigDecimal bid, BigDecimal ask, BigDecimal last, BigDecimal lastSize,
            Instant eventTime, Instant ingestTime) {
        try {
            return new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), eventTime, ingestTime, instrument, SOURCE, bid, ask, last,
                    lastSize);
        } catch (InvalidEventException e) {
            throw new InvalidInputException(RejectReason.INVALID_PRICE, e.getMessage());
        }
    }
}
