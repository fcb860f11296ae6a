package io.tickflow.marketdata.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Decodes a Tick for the tick store several times faster than {@link EventCodec#decode}, with the same result: the
 * exact bytes {@link EventCodec#encode} writes are scanned in place, as Kafka delivered them, the same fields in another order or with unknown
 * fields are read with Jackson's streaming parser, both with strict parsers for UUIDs, ISO-8601 UTC instants and plain
 * decimals, and every tick is still built through {@link Tick}'s constructor, so every event is validated exactly as
 * everywhere else. Anything
 * else, valid or not (a number where a string is expected, an offset instead of Z, a duplicate field, a tick the
 * constructor refuses), goes to {@link EventCodec#decode}, which accepts or rejects it with the reason every other
 * consumer gives. The storage consumer spends most of its CPU here; databind's per-field reflection and
 * DateTimeFormatter were the largest part of it.
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
        Cursor c = new Cursor(json);
        if (!c.expect(EXACT_FIELDS[0])) {
            return null;
        }
        int schemaVersion = c.smallInt();
        if (schemaVersion < 0 || !c.expect(EXACT_FIELDS[1])) {
            return null;
        }
        UUID eventId = uuid(json, c.i, c.fixed(36));
        if (eventId == null || !c.expect(EXACT_FIELDS[2])) {
            return null;
        }
        Instant eventTime = instant(json, c.i, c.instantEnd());
        if (eventTime == null || !c.expect(EXACT_FIELDS[3])) {
            return null;
        }
        Instant ingestTime = instant(json, c.i, c.instantEnd());
        if (ingestTime == null || !c.expect(EXACT_FIELDS[4])) {
            return null;
        }
        String instrument = name(json, c.i, c.string());
        if (instrument == null || !c.expect(EXACT_FIELDS[5])) {
            return null;
        }
        String source = name(json, c.i, c.string());
        if (source == null || !c.expect(EXACT_FIELDS[6])) {
            return null;
        }
        BigDecimal bid = decimal(json, c.i, c.decimalEnd());
        if (bid == null || !c.expect(EXACT_FIELDS[7])) {
            return null;
        }
        BigDecimal ask = decimal(json, c.i, c.decimalEnd());
        if (ask == null) {
            return null;
        }
        BigDecimal last = null;
        BigDecimal lastSize = null;
        if (c.expect(LAST) && (last = decimal(json, c.i, c.decimalEnd())) == null) {
            return null;
        }
        if (c.expect(LAST_SIZE) && (lastSize = decimal(json, c.i, c.decimalEnd())) == null) {
            return null;
        }
        if (!c.expect(END) || c.i != json.length) {
            return null;
        }
        try {
            return new Tick(schemaVersion, eventId, eventTime, ingestTime, instrument, source, bid, ask, last, lastSize);
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /** A read position in a JSON document's bytes, for {@link #exact}. */
    private static final class Cursor {
        private final byte[] b;
        private int i;

        Cursor(byte[] b) {
            this.b = b;
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
            int end = i + length;
            if (end >= b.length || b[end] != '"') {
                return -1;
            }
            i = end;
            return end;
        }

        /** An ISO instant is 20 to 30 bytes: the quote in that range ends it; -1 if there is none. */
        int instantEnd() {
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
        if (end - from != 36 || b[from + 8] != '-' || b[from + 13] != '-' || b[from + 18] != '-'
                || b[from + 23] != '-') {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0, nibbles = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int d = hex(b[from + i]);
            if (d < 0) {
                return null;
            }
            if (nibbles < 16) {
                msb = (msb << 4) | d;
            } else {
                lsb = (lsb << 4) | d;
            }
            nibbles++;
        }
        return new UUID(msb, lsb);
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
        int n = end - from;
        if (n < 20 || n > 30 || n == 21 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':' || b[end - 1] != 'Z') {
            return null;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (b[from + 19] != '.') {
                return null;
            }
            int fractionDigits = n - 21;
            int fraction = digits(b, from + 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
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

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
