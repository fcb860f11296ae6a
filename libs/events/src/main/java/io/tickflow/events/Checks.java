package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** Field checks shared by the event records' compact constructors, so that an invalid event cannot exist. */
public final class Checks {
    /** Capital.com epics and our instrument ids: upper case, digits, underscore and dot. */
    private static final Pattern INSTRUMENT = Pattern.compile("[A-Z0-9_.]{1,32}");
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
        if (!INSTRUMENT.matcher(value).matches()) {
            throw new InvalidEventException("instrument '" + value + "' is not a valid instrument id");
        }
        return value;
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
        if (value.stripTrailingZeros().scale() > MAX_SCALE) {
            throw new InvalidEventException(field + " has more than " + MAX_SCALE + " decimals: " + value.toPlainString());
        }
        return value;
    }
}
