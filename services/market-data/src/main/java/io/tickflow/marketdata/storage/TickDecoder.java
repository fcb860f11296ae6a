package io.tickflow.marketdata.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Decodes a Tick for the tick store several times faster than {@link EventCodec#decode}, with the same result: the
 * exact text {@link EventCodec#encode} writes is scanned directly, the same fields in another order or with unknown
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
    private static final String[] EXACT_FIELDS = {"{\"schemaVersion\":", ",\"eventId\":\"", "\",\"eventTime\":\"",
        "\",\"ingestTime\":\"", "\",\"instrument\":\"", "\",\"source\":\"", "\",\"bid\":\"", "\",\"ask\":\""};

    private TickDecoder() {
    }

    /**
     * Decodes and validates one tick.
     *
     * @throws InvalidEventException with the codec's reason when the payload is not a valid Tick
     */
    public static Tick decode(String json) {
        if (json == null) {
            return EventCodec.decode(null, Tick.class);
        }
        Tick fast = exact(json);
        if (fast == null) {
            fast = canonical(json);
        }
        return fast != null ? fast : EventCodec.decode(json, Tick.class);
    }

    /**
     * The byte-exact output of {@link EventCodec#encode} (fields in record order, no whitespace, strings without
     * escapes), scanned without a JSON parser; null for anything else, which {@link #canonical} then reads. Most of
     * a Jackson parser's cost per tick was setting itself up for a 220-character document.
     */
    static Tick exact(String json) {
        Cursor c = new Cursor(json);
        if (!c.expect(EXACT_FIELDS[0])) {
            return null;
        }
        int schemaVersion = c.smallInt();
        String[] text = new String[7];
        for (int f = 1; f < EXACT_FIELDS.length; f++) {
            if (schemaVersion < 0 || !c.expect(EXACT_FIELDS[f]) || (text[f - 1] = c.string()) == null) {
                return null;
            }
        }
        BigDecimal last = null;
        BigDecimal lastSize = null;
        if (c.expect("\",\"last\":\"")) {
            String v = c.string();
            if (v == null || (last = decimal(v)) == null) {
                return null;
            }
        }
        if (c.expect("\",\"lastSize\":\"")) {
            String v = c.string();
            if (v == null || (lastSize = decimal(v)) == null) {
                return null;
            }
        }
        if (!c.expect("\"}") || !c.atEnd()) {
            return null;
        }
        UUID eventId = uuid(text[0]);
        Instant eventTime = instant(text[1]);
        Instant ingestTime = instant(text[2]);
        BigDecimal bid = decimal(text[5]);
        BigDecimal ask = decimal(text[6]);
        if (eventId == null || eventTime == null || ingestTime == null || bid == null || ask == null) {
            return null;
        }
        try {
            return new Tick(schemaVersion, eventId, eventTime, ingestTime, text[3], text[4], bid, ask, last, lastSize);
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /** A read position in a JSON text, for {@link #exact}. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean expect(String literal) {
            if (!s.startsWith(literal, i)) {
                return false;
            }
            i += literal.length();
            return true;
        }

        /** 1 to 9 digits, no sign or leading zero; -1 otherwise. */
        int smallInt() {
            int start = i;
            int v = 0;
            while (i < s.length() && isDigit(s.charAt(i)) && i - start < 9) {
                v = v * 10 + (s.charAt(i++) - '0');
            }
            return i == start || (s.charAt(start) == '0' && i - start > 1) ? -1 : v;
        }

        /** The characters up to the next quote; null if they hold an escape or a control character. */
        String string() {
            int start = i;
            for (; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '"') {
                    return s.substring(start, i);
                }
                if (ch == '\\' || ch < 0x20) {
                    return null;
                }
            }
            return null;
        }

        boolean atEnd() {
            return i == s.length();
        }
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
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0, nibbles = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int d = Character.digit(s.charAt(i), 16);
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
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = n - 21;
            int fraction = digits(s, 20, fractionDigits);
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
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        if (intDigits == 0) {
            return null;
        }
        if (i < n) {
            if (s.charAt(i) != '.' || i == n - 1) {
                return null;
            }
            for (i++; i < n; i++) {
                if (!isDigit(s.charAt(i))) {
                    return null;
                }
            }
        }
        return new BigDecimal(s);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
