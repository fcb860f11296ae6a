package io.tickflow.marketdata.storage;

import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Ticks from CSV for the tick store (backtest data from elsewhere). The header names the columns, in any order:
 * {@code time,bid,ask} required, {@code last,size} optional ({@code timestamp} is accepted for {@code time}). Times are
 * ISO-8601 UTC ({@code 2026-11-24T10:15:30.123Z}) or epoch milliseconds; prices are plain decimals.
 *
 * <p>Every line is validated like a tick from a live source (positive prices, bid not above ask, no NaN, not in the
 * future); a bad line is reported with its number and reason and never stops the rest. The event id is derived from
 * the line's content, so importing the same file again stores nothing twice (the tick store's key includes it).
 */
public final class TickCsv {

    /** A tick more than this ahead of the clock is refused: clocks drift, but not by minutes. */
    static final Duration MAX_FUTURE = Duration.ofMinutes(1);

    private final String instrument;
    private final String source;
    private final int time;
    private final int bid;
    private final int ask;
    private final int last;
    private final int size;
    private final int columns;

    private TickCsv(String instrument, String source, String header) {
        this.instrument = instrument;
        this.source = source;
        String[] names = header.strip().toLowerCase(Locale.ROOT).split(",", -1);
        int t = -1;
        int b = -1;
        int a = -1;
        int l = -1;
        int s = -1;
        for (int i = 0; i < names.length; i++) {
            switch (names[i].strip()) {
                case "time", "timestamp" -> t = i;
                case "bid" -> b = i;
                case "ask" -> a = i;
                case "last" -> l = i;
                case "size", "last_size" -> s = i;
                default -> throw new IllegalArgumentException("unknown CSV column '" + names[i].strip()
                        + "'; expected time,bid,ask and optionally last,size");
            }
        }
        if (t < 0 || b < 0 || a < 0) {
            throw new IllegalArgumentException("the CSV header must name the columns time, bid and ask (got '"
                    + header.strip() + "')");
        }
        this.time = t;
        this.bid = b;
        this.ask = a;
        this.last = l;
        this.size = s;
        this.columns = names.length;
    }

    /** Reads the header line; throws IllegalArgumentException naming what is wrong with it. */
    public static TickCsv withHeader(String instrument, String source, String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("the CSV is empty: its first line must be a header such as time,bid,ask");
        }
        return new TickCsv(instrument, source, header.startsWith("\uFEFF") ? header.substring(1) : header);
    }

    /** A refused line: its number in the file (the header is line 1) and why. */
    public record Rejected(long line, String reason) {
    }

    /** Parses one data line; returns the tick or throws IllegalArgumentException with the reason. */
    public Tick parse(String line, Instant now) {
        String[] f = line.split(",", -1);
        if (f.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " fields, found " + f.length);
        }
        Instant at = instant(f[time].strip());
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new IllegalArgumentException("time " + at + " is in the future");
        }
        BigDecimal b = decimal(f[bid], "bid");
        BigDecimal a = decimal(f[ask], "ask");
        BigDecimal l = last < 0 || f[last].isBlank() ? null : decimal(f[last], "last");
        BigDecimal s = size < 0 || f[size].isBlank() ? null : decimal(f[size], "size");
        UUID id = UUID.nameUUIDFromBytes((source + '|' + instrument + '|' + at + '|' + b.toPlainString() + '|'
                + a.toPlainString()).getBytes(StandardCharsets.UTF_8));
        try {
            return new Tick(Tick.SCHEMA_VERSION, id, at, now, instrument, source, b, a, l, s);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("time is empty");
        }
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("time '" + text + "' is neither ISO-8601 UTC nor epoch milliseconds");
        }
    }

    private static BigDecimal decimal(String text, String field) {
        String t = text.strip();
        try {
            return new BigDecimal(t); // rejects NaN, Infinity and empty text
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + t + "' is not a decimal number");
        }
    }

    /** Collects refusals, keeping the first {@code keep} in full and counting the rest. */
    public static final class Rejections {
        private final int keep;
        private final List<Rejected> first = new ArrayList<>();
        private long count;

        public Rejections(int keep) {
            this.keep = keep;
        }

        public void add(long line, String reason) {
            count++;
            if (first.size() < keep) {
                first.add(new Rejected(line, reason));
            }
        }

        public long count() {
            return count;
        }

        public List<Rejected> first() {
            return List.copyOf(first);
        }
    }
}
