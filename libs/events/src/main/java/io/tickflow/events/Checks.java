package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Field checks shared by the event records' compact constructors, so that an invalid event cannot exist. */
public final class Checks {
    /** Capital.com epics and our instrument ids: upper case, digits, underscore and dot, 1 to 32 of them. */
    public static final int MAX_INSTRUMENT_LENGTH = 32;
    /** Prices and sizes above this scale are not produced by any venue we trade and hint at a double leaking in. */
    public static final int MAX_SCALE = 10;
    /**
     * Digits before the decimal point an amount may have: what PostgreSQL's numeric holds, so every store holds every
     * valid event (a backtest's annualised return can legitimately run to dozens of digits), and no reader builds a
     * number of millions of digits (1E+400000000 is a valid BigDecimal, and its digits would take minutes and GBs).
     */
    public static final int MAX_INTEGER_DIGITS = 131_072;
    /** Decimals an amount may be written with at all, trailing zeros included: what PostgreSQL's numeric holds. */
    public static final int MAX_WRITTEN_SCALE = 16_383;
    /**
     * The instants an event may carry: the years 0001 to 9999, which ISO-8601 writes with four digits and every store
     * holds (PostgreSQL's timestamptz ends in 294276; an Instant reaches a billion years).
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Checks() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    public static String instrument(String value) {
        text(value, "instrument");
        if (!isInstrumentId(value)) {
            throw new InvalidEventException("instrument '" + value + "' is not a valid instrument id");
        }
        return value;
    }

    /** {@code [A-Z0-9_.]{1,32}}, checked by hand: every tick passes here, and a regex match cost more than the rest. */
    private static boolean isInstrumentId(String value) {
        int n = value.length();
        if (n > MAX_INSTRUMENT_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
                return false;
            }
        }
        return n > 0;
    }

    public static void schemaVersion(int actual, int supported, String type) {
        if (actual != supported) {
            throw new InvalidEventException(
                    type + " schemaVersion " + actual + " is not supported (this build reads " + supported + ")");
        }
    }

    public static void envelope(UUID eventId, Instant eventTime, Instant ingestTime) {
        required(eventId, "eventId");
        instant(eventTime, "eventTime");
        instant(ingestTime, "ingestTime");
    }

    /** A required instant between {@link #EARLIEST} and {@link #LATEST}. */
    public static Instant instant(Instant value, String field) {
        required(value, field);
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidEventException(field + " " + value + " is outside the years 0001 to 9999");
        }
        return value;
    }

    public static BigDecimal positive(BigDecimal value, String field) {
        exact(required(value, field), field);
        if (value.signum() <= 0) {
            throw new InvalidEventException(field + " must be positive, was " + value.toPlainString());
        }
        return value;
    }

    public static BigDecimal nonNegative(BigDecimal value, String field) {
        exact(required(value, field), field);
        if (value.signum() < 0) {
            throw new InvalidEventException(field + " must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    /** Optional amounts may be null; when present they follow the same scale rule. */
    public static BigDecimal optional(BigDecimal value, String field) {
        return value == null ? null : exact(value, field);
    }

    public static BigDecimal exact(BigDecimal value, String field) {
        required(value, field);
        // first, and without printing the value: its plain form could be the very number of digits refused here
        if (value.signum() != 0 && (long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidEventException(field + " has more than " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point");
        }
        if (value.scale() > MAX_WRITTEN_SCALE) {
            throw new InvalidEventException(field + " is written with more than " + MAX_WRITTEN_SCALE
                    + " decimals (scale " + value.scale() + ")");
        }
        // stripping trailing zeros only ever lowers the scale: the copy it makes is needed only above the limit
        if (value.scale() > MAX_SCALE && value.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new InvalidEventException(field + " has more than " + MAX_SCALE + " decimals: " + value.toPlainString());
        }
        return value;
    }
}
