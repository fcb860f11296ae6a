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
        required(eventTime, "eventTime");
        required(ingestTime, "ingestTime");
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
        // stripping trailing zeros only ever lowers the scale: the copy it makes is needed only above the limit
        if (value.scale() > MAX_SCALE && value.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new InvalidEventException(field + " has more than " + MAX_SCALE + " decimals: " + value.toPlainString());
        }
        return value;
    }
}
