package io.tickflow.marketdata.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickflow.events.Checks;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.tickstore.BinaryCopyEncoder;
import io.tickflow.tickstore.CopyRows;
import io.tickflow.tickstore.TickCopyWriter;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads ticks for the tick store and the bar aggregator several times faster than {@link EventCodec#decode}, with the
 * same result. The exact bytes {@link EventCodec#encode} writes are scanned in place, as Kafka delivered them; the
 * same fields in another order or with unknown fields are read with Jackson's streaming parser; both use strict
 * parsers for UUIDs, ISO-8601 UTC instants and plain decimals. {@link #decode} builds every tick through
 * {@link Tick}'s constructor; {@link #copyRow} writes a tick of the exact shape straight into the tick store's COPY
 * row without building it, after the same checks ({@link Tick#checkValues}). Anything else, valid or not (a number
 * where a string is expected, an offset instead of Z, a duplicate field, a tick the constructor refuses), goes to
 * {@link EventCodec#decode}, which accepts or rejects it with the reason every other consumer gives. The storage
 * consumer spends most of its CPU here; databind's per-field reflection and DateTimeFormatter were the largest part
 * of it, then building each tick only to encode it again.
 */
public final class TickDecoder {

    private static final JsonFactory JSON = EventCodec.mapper().getFactory();
    /** What EventCodec writes before each required field's value, in record order. */
    private static final byte[][] EXACT_FIELDS = ascii("{\"schemaVersion\":", ",\"eventId\":\"", "\",\"eventTime\":\"",
            "\",\"ingestTime\":\"", "\",\"instrument\":\"", "\",\"source\":\"", "\",\"bid\":\"", "\",\"ask\":\"");
    private static final byte[] LAST = ascii("\",\"last\":\"")[0];
    private static final byte[] LAST_SIZE = ascii("\",\"lastSize\":\"")[0];
    private static final byte[] END = ascii("\"}")[0];
    /** Unscaled decimals of up to this many digits are built from a long, without parsing a string. */
    private static final int LONG_DIGITS = 18;
    /** Instrument ids and source names seen lately, so each tick shares their strings instead of making its own. */
    private static final int NAME_SLOTS = 64;
    private static final String[] NAMES = new String[NAME_SLOTS];

    private TickDecoder() {
    }

    /**
     * Decodes and validates one tick.
     *
     * @throws InvalidEventException with the codec's reason when the payload is not a valid Tick
     */
    public static Tick decode(String json) {
        return json == null ? EventCodec.decode(null, Tick.class) : decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes and validates one tick from the record's bytes as Kafka delivered them (no String of the payload is
     * made for a tick of the exact shape).
     *
     * @throws InvalidEventException with the codec's reason when the payload is not a valid Tick
     */
    public static Tick decode(byte[] json) {
        if (json == null) {
            return EventCodec.decode(null, Tick.class);
        }
        Tick fast = exact(json);
        if (fast != null) {
            return fast;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        fast = canonical(text);
        return fast != null ? fast : EventCodec.decode(text, Tick.class);
    }

    static Tick exact(String json) {
        return exact(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The byte-exact output of {@link EventCodec#encode} (fields in record order, no whitespace, ASCII strings without
     * escapes), scanned in place without a JSON parser or a String of the payload; null for anything else, which
     * {@link #canonical} then reads. Scanning a String char by char, substrings and BigDecimal(String) were most of
     * the storage consumer's CPU.
     */
    static Tick exact(byte[] json) {
        int[] at = new int[SPANS];
        if (!scan(json, at)) {
            return null;
        }
        UUID eventId = uuid(json, at[ID], at[ID + 1]);
        Instant eventTime = instant(json, at[EVENT_TIME], at[EVENT_TIME + 1]);
        Instant ingestTime = instant(json, at[INGEST_TIME], at[INGEST_TIME + 1]);
        String instrument = name(json, at[INSTRUMENT], at[INSTRUMENT + 1]);
        String source = name(json, at[SOURCE], at[SOURCE + 1]);
        BigDecimal[] prices = decimals(json, at);
        if (eventId == null || eventTime == null || ingestTime == null || prices == null) {
            return null;
        }
        try {
            return new Tick(at[SCHEMA_VERSION], eventId, eventTime, ingestTime, instrument, source, prices[0],
                    prices[1], prices[2], prices[3]);
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /**
     * Appends the tick in {@code json} to {@code rows} as its row of the tick store ({@code TickCopyWriter.COLUMNS}),
     * straight from the record's bytes: no Tick, UUID or Instant is built, and the id, the times, the names and the
     * prices are copied or converted into COPY's binary forms as they are read. Only for the byte-exact shape
     * {@link #exact} reads and a tick {@link Tick}'s constructor accepts, checked by the same
     * {@link Tick#checkValues}; for anything else it appends nothing and returns false, and {@link #decode} decides.
     * The row is the one {@code TickCopyWriter.encodeRow} writes for the decoded tick, byte for byte (TickDecoderTest).
     * The tick store's CPU per tick was mostly building ticks to encode them again.
     */
    public static boolean copyRow(byte[] json, CopyRows rows) throws SQLException {
        if (json == null) {
            return false;
        }
        int[] at = new int[SPANS];
        if (!scan(json, at) || at[SCHEMA_VERSION] != Tick.SCHEMA_VERSION) {
            return false;
        }
        long[] id = uuidBits(json, at[ID], at[ID + 1]);
        long eventSecond = epochSecond(json, at[EVENT_TIME], at[EVENT_TIME + 1]);
        long ingestSecond = epochSecond(json, at[INGEST_TIME], at[INGEST_TIME + 1]);
        BigDecimal[] prices = decimals(json, at);
        // the envelope's rule (Checks.instant) on the seconds: a four-digit year is at most 9999, but can be 0000
        if (id == null || eventSecond < FIRST_SECOND || ingestSecond < FIRST_SECOND || prices == null) {
            return false;
        }
        try {
            Tick.checkValues(name(json, at[INSTRUMENT], at[INSTRUMENT + 1]), name(json, at[SOURCE], at[SOURCE + 1]),
                    prices[0], prices[1], prices[2], prices[3]);
        } catch (InvalidEventException e) {
            return false; // refused: decode() words the reason
        }
        BinaryCopyEncoder row = rows.startRow(TickCopyWriter.FIELDS);
        try {
            // in the order of TickCopyWriter.COLUMNS; names are printable ASCII (scan), so their bytes are their UTF-8
            row.text(json, at[INSTRUMENT], at[INSTRUMENT + 1] - at[INSTRUMENT])
                    .timestamptz(eventSecond, nanos(json, at[EVENT_TIME], at[EVENT_TIME + 1]))
                    .uuid(id[0], id[1])
                    .text(json, at[SOURCE], at[SOURCE + 1] - at[SOURCE]);
            row.numeric(prices[0]).numeric(prices[1]).numeric(prices[2]).numeric(prices[3])
                    .timestamptz(ingestSecond, nanos(json, at[INGEST_TIME], at[INGEST_TIME + 1]));
        } catch (RuntimeException e) {
            rows.dropLastRow();
            throw e;
        }
        return true;
    }

    /**
     * Bid, ask, last and last size as {@link #scan} found them (the last two null when absent); null when one of
     * them is not a plain decimal.
     */
    private static BigDecimal[] decimals(byte[] json, int[] at) {
        BigDecimal[] prices = new BigDecimal[4];
        for (int i = 0, field = BID; i < 4; i++, field += 2) {
            if (at[field] >= 0 && (prices[i] = decimal(json, at[field], at[field + 1])) == null) {
                return null;
            }
        }
        return prices;
    }

    // Where scan() leaves each field: at[SCHEMA_VERSION] is the version itself, the others a value's [start, end)
    // in the record's bytes; an optional field that is absent has -1.
    private static final int SCHEMA_VERSION = 0;
    private static final int ID = 1;
    private static final int EVENT_TIME = 3;
    private static final int INGEST_TIME = 5;
    private static final int INSTRUMENT = 7;
    private static final int SOURCE = 9;
    private static final int BID = 11;
    private static final int ASK = 13;
    private static final int LAST_AT = 15;
    private static final int LAST_SIZE_AT = 17;
    private static final int SPANS = 19;

    /**
     * Finds the fields of the byte-exact shape {@link EventCodec#encode} writes, recording where each value is in
     * {@code at}; false for anything else. The id, times and decimals are only delimited here: their readers check
     * every byte.
     */
    private static boolean scan(byte[] json, int[] at) {
        Cursor c = new Cursor(json);
        if (!c.expect(EXACT_FIELDS[0])) {
            return false;
        }
        at[SCHEMA_VERSION] = c.smallInt();
        if (at[SCHEMA_VERSION] < 0 || !c.expect(EXACT_FIELDS[1])
                || !c.value(at, ID, c.fixed(36)) || !c.expect(EXACT_FIELDS[2])
                || !c.value(at, EVENT_TIME, c.instantEnd()) || !c.expect(EXACT_FIELDS[3])
                || !c.value(at, INGEST_TIME, c.instantEnd()) || !c.expect(EXACT_FIELDS[4])
                || !c.value(at, INSTRUMENT, c.string()) || !c.expect(EXACT_FIELDS[5])
                || !c.value(at, SOURCE, c.string()) || !c.expect(EXACT_FIELDS[6])
                || !c.value(at, BID, c.decimalEnd()) || !c.expect(EXACT_FIELDS[7])
                || !c.value(at, ASK, c.decimalEnd())) {
            return false;
        }
        at[LAST_AT] = -1;
        at[LAST_SIZE_AT] = -1;
        if (c.expect(LAST) && !c.value(at, LAST_AT, c.decimalEnd())) {
            return false;
        }
        if (c.expect(LAST_SIZE) && !c.value(at, LAST_SIZE_AT, c.decimalEnd())) {
            return false;
        }
        return c.expect(END) && c.i == json.length;
    }

    /** A read position in a JSON document's bytes, for {@link #scan}. */
    private static final class Cursor {
        private final byte[] b;
        private int i;
        /** Where the value the last locator found starts. */
        private int start;

        Cursor(byte[] b) {
            this.b = b;
        }

        /**
         * Records a value that started at {@code start} and ends at {@code end} (a locator's result, with the cursor
         * moved there; -1 when it found none) in {@code at[field]} and {@code at[field + 1]}.
         */
        boolean value(int[] at, int field, int end) {
            if (end < 0) {
                return false;
            }
            at[field + 1] = end;
            at[field] = start;
            return true;
        }

        boolean expect(byte[] literal) {
            int end = i + literal.length;
            if (end > b.length || !Arrays.equals(b, i, end, literal, 0, literal.length)) {
                return false;
            }
            i = end;
            return true;
        }

        /** 1 to 9 digits, no sign or leading zero; -1 otherwise. */
        int smallInt() {
            int start = i;
            int v = 0;
            while (i < b.length && isDigit(b[i]) && i - start < 9) {
                v = v * 10 + (b[i++] - '0');
            }
            return i == start || (b[start] == '0' && i - start > 1) ? -1 : v;
        }

        // The typed fields need no scan for their closing quote: their parsers check every byte between, so the
        // cursor only finds where the value ends (a fixed length, or the first byte the value cannot hold).

        /** A value of exactly {@code length} bytes followed by a quote: its end, with the cursor moved there; or -1. */
        int fixed(int length) {
            start = i;
            int end = i + length;
            if (end >= b.length || b[end] != '"') {
                return -1;
            }
            i = end;
            return end;
        }

        /** An ISO instant is 20 to 30 bytes: the quote in that range ends it; -1 if there is none. */
        int instantEnd() {
            start = i;
            for (int end = i + 20, last = Math.min(i + 30, b.length - 1); end <= last; end++) {
                if (b[end] == '"') {
                    i = end;
                    return end;
                }
            }
            return -1;
        }

        /** A plain decimal's bytes are digits, '-' and '.': the first other byte must be its quote; -1 otherwise. */
        int decimalEnd() {
            start = i;
            int end = i;
            while (end < b.length && (isDigit(b[end]) || b[end] == '.' || b[end] == '-')) {
                end++;
            }
            if (end == b.length || b[end] != '"') {
                return -1;
            }
            i = end;
            return end;
        }

        /**
         * Moves past the printable ASCII characters up to the next quote and returns where they end (the cursor
         * stays on the quote); -1 if an escape, a control character or a non-ASCII byte comes first: those strings
         * are decoded by the JSON parser, which knows their rules.
         */
        int string() {
            start = i;
            for (; i < b.length; i++) {
                byte ch = b[i];
                if (ch == '"') {
                    return i;
                }
                if (ch == '\\' || ch < 0x20) { // a byte >= 0x80 is negative
                    return -1;
                }
            }
            return -1;
        }
    }

    /** The ASCII text in [from, end) as a shared String (see {@link #NAMES}); null if there is none. */
    private static String name(byte[] b, int from, int end) {
        if (end < 0) {
            return null;
        }
        int h = 0;
        for (int i = from; i < end; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (NAME_SLOTS - 1);
        String known = NAMES[slot]; // Strings are immutable, so a racy read sees a whole one or null
        if (known != null && known.length() == end - from) {
            int k = 0;
            while (k < known.length() && known.charAt(k) == b[from + k]) {
                k++;
            }
            if (k == known.length()) {
                return known;
            }
        }
        String name = new String(b, from, end - from, StandardCharsets.ISO_8859_1);
        NAMES[slot] = name;
        return name;
    }

    private static byte[][] ascii(String... literals) {
        byte[][] out = new byte[literals.length][];
        for (int i = 0; i < literals.length; i++) {
            out[i] = literals[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** The tick when {@code json} has the canonical shape and is valid; null to let the codec decide. */
    static Tick canonical(String json) {
        int schemaVersion = 0;
        UUID eventId = null;
        Instant eventTime = null;
        Instant ingestTime = null;
        String instrument = null;
        String source = null;
        BigDecimal bid = null;
        BigDecimal ask = null;
        BigDecimal last = null;
        BigDecimal lastSize = null;
        int seen = 0;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int bit;
                switch (name) {
                    case "schemaVersion" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                        bit = 1;
                    }
                    case "eventId" -> {
                        eventId = value == JsonToken.VALUE_STRING ? uuid(p.getText()) : null;
                        if (eventId == null) {
                            return null;
                        }
                        bit = 2;
                    }
                    case "eventTime" -> {
                        eventTime = value == JsonToken.VALUE_STRING ? instant(p.getText()) : null;
                        if (eventTime == null) {
                            return null;
                        }
                        bit = 4;
                    }
                    case "ingestTime" -> {
                        ingestTime = value == JsonToken.VALUE_STRING ? instant(p.getText()) : null;
                        if (ingestTime == null) {
                            return null;
                        }
                        bit = 8;
                    }
                    case "instrument" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        instrument = p.getText();
                        bit = 16;
                    }
                    case "source" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        source = p.getText();
                        bit = 32;
                    }
                    case "bid" -> {
                        bid = value == JsonToken.VALUE_STRING ? decimal(p.getText()) : null;
                        if (bid == null) {
                            return null;
                        }
                        bit = 64;
                    }
                    case "ask" -> {
                        ask = value == JsonToken.VALUE_STRING ? decimal(p.getText()) : null;
                        if (ask == null) {
                            return null;
                        }
                        bit = 128;
                    }
                    case "last" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            last = value == JsonToken.VALUE_STRING ? decimal(p.getText()) : null;
                            if (last == null) {
                                return null;
                            }
                        }
                        bit = 256;
                    }
                    case "lastSize" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            lastSize = value == JsonToken.VALUE_STRING ? decimal(p.getText()) : null;
                            if (lastSize == null) {
                                return null;
                            }
                        }
                        bit = 512;
                    }
                    default -> {
                        // unknown fields are ignored, as the codec ignores them (additive schema changes)
                        p.skipChildren();
                        bit = 0;
                    }
                }
                if ((seen & bit) != 0) {
                    return null; // a duplicate field: the codec's rule decides which one counts
                }
                seen |= bit;
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null || (seen & 255) != 255) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        try {
            return new Tick(schemaVersion, eventId, eventTime, ingestTime, instrument, source, bid, ask, last,
                    lastSize);
        } catch (InvalidEventException e) {
            return null; // refused: the codec words the reason the way every consumer's dead letters do
        }
    }

    /** The 8-4-4-4-12 hex form only (the codec also takes other forms; those go to it). */
    static UUID uuid(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1); // anything beyond Latin-1 becomes '?', which no rule takes
        return uuid(b, 0, b.length);
    }

    /** {@link #uuid(String)} over the bytes [from, end); null when end is -1. */
    static UUID uuid(byte[] b, int from, int end) {
        long[] bits = uuidBits(b, from, end);
        return bits == null ? null : new UUID(bits[0], bits[1]);
    }

    /**
     * The two halves of the UUID in [from, end), most significant first, when it is in the 8-4-4-4-12 hex form;
     * null otherwise. Each group is read in one pass that also checks it: a group of at most 15 digits is
     * non-negative, so -1 from {@link #hexGroup} says a byte was not a hex digit.
     */
    private static long[] uuidBits(byte[] b, int from, int end) {
        if (end - from != 36 || b[from + 8] != '-' || b[from + 13] != '-' || b[from + 18] != '-'
                || b[from + 23] != '-') {
            return null;
        }
        long time = hexGroup(b, from, 8);
        long mid = hexGroup(b, from + 9, 4);
        long version = hexGroup(b, from + 14, 4);
        long variant = hexGroup(b, from + 19, 4);
        long node = hexGroup(b, from + 24, 12);
        if ((time | mid | version | variant | node) < 0) {
            return null;
        }
        return new long[] {time << 32 | mid << 16 | version, variant << 48 | node};
    }

    /** {@code count} (at most 15) hex digits from {@code from} as a number; -1 if one of them is not a hex digit. */
    private static long hexGroup(byte[] b, int from, int count) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < from + count; i++) {
            int d = HEX[b[i] & 0xFF];
            bad |= d;
            v = v << 4 | (d & 0xF);
        }
        return bad < 0 ? -1 : v;
    }

    /** Each byte's value as a hex digit (either case), -1 for every other byte. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int d = 0; d < 10; d++) {
            HEX['0' + d] = (byte) d;
        }
        for (int d = 0; d < 6; d++) {
            HEX['a' + d] = (byte) (10 + d);
            HEX['A' + d] = (byte) (10 + d);
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with a valid date and time (second 60 excluded), which is what
     * {@code Instant.toString()} writes and ISO_INSTANT reads the same way; null for anything else.
     */
    static Instant instant(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return instant(b, 0, b.length);
    }

    /** {@link #instant(String)} over the bytes [from, end); null when end is -1. */
    static Instant instant(byte[] b, int from, int end) {
        long second = epochSecond(b, from, end);
        return second == NOT_AN_INSTANT ? null : Instant.ofEpochSecond(second, nanos(b, from, end));
    }

    /** The first second an event may carry ({@link Checks#EARLIEST}); NOT_AN_INSTANT is below it. */
    private static final long FIRST_SECOND = Checks.EARLIEST.getEpochSecond();

    /** What {@link #epochSecond} returns for anything that is not an instant of the form {@link #instant} reads. */
    private static final long NOT_AN_INSTANT = Long.MIN_VALUE;

    /**
     * The Unix second of the instant in [from, end), every byte of it checked as {@link #instant(String)} describes;
     * {@link #NOT_AN_INSTANT} for anything else (end -1 included). Its nanoseconds: {@link #nanos}.
     */
    private static long epochSecond(byte[] b, int from, int end) {
        int n = end - from;
        if (n < 20 || n > 30 || n == 21 || b[from + 16] != ':' || b[end - 1] != 'Z') {
            return NOT_AN_INSTANT;
        }
        long minute = minute(b, from);
        int second = digits(b, from + 17, 2);
        if (minute == NOT_AN_INSTANT || second < 0 || second > 59) {
            return NOT_AN_INSTANT;
        }
        if (n > 20 && (b[from + 19] != '.' || digits(b, from + 20, n - 21) < 0)) {
            return NOT_AN_INSTANT;
        }
        return minute + second;
    }

    /** A minute read before: its 16 bytes {@code yyyy-MM-ddTHH:mm} as two words, and its first Unix second. */
    private record Minute(long head, long tail, long epochSecond) {
    }

    /**
     * Minutes read lately. Ticks come minute by minute, so nearly every instant's date, hour and minute are one of
     * these, found by comparing two words instead of parsing and checking ten digits and a date: parsing the two
     * instants of every tick was a fifth of the tick store's decoding (make bench-ingest). Records are immutable,
     * so a racy read sees a whole one or null.
     */
    private static final Minute[] MINUTES = new Minute[16];
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The first Unix second of the minute {@code yyyy-MM-ddTHH:mm} at {@code from}; NOT_AN_INSTANT if it is none. */
    private static long minute(byte[] b, int from) {
        long head = (long) WORD.get(b, from);
        long tail = (long) WORD.get(b, from + 8);
        int slot = (int) (((head ^ tail) * 0x9E3779B97F4A7C15L) >>> 60);
        Minute known = MINUTES[slot];
        if (known != null && known.head == head && known.tail == tail) {
            return known.epochSecond;
        }
        if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':') {
            return NOT_AN_INSTANT;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return NOT_AN_INSTANT;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return NOT_AN_INSTANT;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L;
        MINUTES[slot] = new Minute(head, tail, epochSecond);
        return epochSecond;
    }

    /** The nanoseconds of the instant in [from, end), which {@link #epochSecond} accepted. */
    private static int nanos(byte[] b, int from, int end) {
        int fractionDigits = end - from - 21;
        if (fractionDigits <= 0) {
            return 0;
        }
        int nanos = digits(b, from + 20, fractionDigits);
        for (int i = fractionDigits; i < 9; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** {@code -?digits(.digits)?}: what {@code BigDecimal.toPlainString()} writes; the codec reads it the same way. */
    static BigDecimal decimal(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return decimal(b, 0, b.length);
    }

    /**
     * {@link #decimal(String)} over the bytes [from, end); null when end is -1. Up to {@value #LONG_DIGITS} digits
     * (every price we see) the value is built from its unscaled long, equal to what {@code new BigDecimal(text)} gives.
     */
    static BigDecimal decimal(byte[] b, int from, int end) {
        int n = end - from;
        if (n <= 0 || n > 64) {
            return null;
        }
        boolean negative = b[from] == '-';
        int i = negative ? from + 1 : from;
        long unscaled = 0;
        int intDigits = 0;
        while (i < end && isDigit(b[i])) {
            unscaled = unscaled * 10 + (b[i++] - '0');
            intDigits++;
        }
        if (intDigits == 0) {
            return null;
        }
        int digits = intDigits;
        int scale = 0;
        if (i < end) {
            if (b[i] != '.' || i == end - 1) {
                return null;
            }
            for (i++; i < end; i++) {
                if (!isDigit(b[i])) {
                    return null;
                }
                unscaled = unscaled * 10 + (b[i] - '0');
                digits++;
                scale++;
            }
        }
        if (digits > LONG_DIGITS) { // the long wrapped: let BigDecimal read the text
            return new BigDecimal(new String(b, from, n, StandardCharsets.ISO_8859_1));
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            byte c = b[i];
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
