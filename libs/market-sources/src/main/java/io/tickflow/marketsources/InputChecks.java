package io.tickflow.marketsources;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Checks;
import io.tickflow.events.InvalidEventException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Decoding of vendor JSON into exact values, throwing {@link InvalidInputException} with the reason to count when a value
 * cannot be used. Numbers are read as {@link BigDecimal} from the JSON text ({@code USE_BIG_DECIMAL_FOR_FLOATS}), so
 * {@code 65000.1} stays {@code 65000.1}. {@code NaN} and {@code Infinity} tokens are accepted by the parser on purpose: one
 * NaN price must cost one event, not the whole frame with the good events next to it.
 */
public final class InputChecks {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private InputChecks() {
    }

    /** Parses a frame or body; not JSON is {@link RejectReason#MALFORMED_FRAME}. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "empty message");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "not JSON: " + e.getOriginalMessage());
        }
    }

    /** A text field that must be present. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        return value.asText();
    }

    /** A positive price, exact, with at most {@link Checks#MAX_SCALE} decimals. */
    public static BigDecimal price(JsonNode node, String field) {
        BigDecimal value = decimal(node, field, RejectReason.INVALID_PRICE);
        if (value.signum() <= 0) {
            throw new InvalidInputException(RejectReason.INVALID_PRICE, field + " must be positive, was " + value.toPlainString());
        }
        return value;
    }

    /** A price given as text (Alpha Vantage sends {@code "65012.34000"}). */
    public static BigDecimal price(String text, String field) {
        BigDecimal value = decimal(text, field, RejectReason.INVALID_PRICE);
        if (value.signum() <= 0) {
            throw new InvalidInputException(RejectReason.INVALID_PRICE, field + " must be positive, was " + value.toPlainString());
        }
        return value;
    }

    /** A size or volume, zero or more; null when absent and not {@code required}. */
    public static BigDecimal size(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (!required && (value == null || value.isNull())) {
            return null;
        }
        BigDecimal size = decimal(node, field, RejectReason.INVALID_SIZE);
        if (size.signum() < 0) {
            throw new InvalidInputException(RejectReason.INVALID_SIZE, field + " must not be negative, was " + size.toPlainString());
        }
        return size;
    }

    /** Epoch milliseconds as an {@link Instant}; must be an integral number. */
    public static Instant epochMillis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidInputException(RejectReason.MALFORMED_FRAME, field + " is not an epoch-millisecond number: " + value);
        }
        return Instant.ofEpochMilli(value.longValue());
    }

    /**
     * {@code at} must not lie more than {@code maxFuture} after {@code now} (a clock or unit error), nor, when
     * {@code maxAge} is not null, more than {@code maxAge} before it (not a live event).
     */
    public static void checkTime(Instant at, Instant now, Duration maxFuture, Duration maxAge, String field) {
        if (at.isAfter(now.plus(maxFuture))) {
            throw new InvalidInputException(RejectReason.TIMESTAMP_OUT_OF_RANGE, field + " " + at + " is more than " + maxFuture
                    + " in the future (now " + now + ")");
        }
        if (maxAge != null && at.isBefore(now.minus(maxAge))) {
            throw new InvalidInputException(RejectReason.TIMESTAMP_OUT_OF_RANGE, field + " " + at + " is more than " + maxAge
                    + " old (now " + now + ")");
        }
    }

    private static BigDecimal decimal(JsonNode node, String field, RejectReason invalid) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                throw new InvalidInputException(invalid, field + " is " + value.asText());
            }
            return exact(value.decimalValue(), field, invalid);
        }
        if (value.isTextual()) {
            return decimal(value.asText(), field, invalid);
        }
        throw new InvalidInputException(invalid, field + " is not a number: " + value);
    }

    private static BigDecimal decimal(String text, String field, RejectReason invalid) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "missing " + field);
        }
        try {
            return exact(new BigDecimal(text.trim()), field, invalid);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(invalid, field + " is not a number: " + abbreviate(text));
        }
    }

    private static BigDecimal exact(BigDecimal value, String field, RejectReason invalid) {
        if (value.stripTrailingZeros().scale() > Checks.MAX_SCALE) {
            throw new InvalidInputException(invalid, field + " has more than " + Checks.MAX_SCALE + " decimals: "
                    + value.toPlainString());
        }
        return value;
    }

    /**
     * A source bar as a {@link Bar} event: OHLC must be consistent (low <= open, close <= high), else
     * {@link RejectReason#INCONSISTENT_BAR}. Vendor bars are OHLC of trade prices, not of the mid, and carry no bid/ask
     * closes; {@code tickCount} is the vendor's trade count where it has one, else 0.
     */
    public static Bar bar(String source, String instrument, BarResolution resolution, Instant openTime, BigDecimal open,
            BigDecimal high, BigDecimal low, BigDecimal close, long tickCount, Instant ingestTime) {
        if (low.compareTo(high) > 0 || open.compareTo(high) > 0 || close.compareTo(high) > 0 || open.compareTo(low) < 0
                || close.compareTo(low) < 0) {
            throw new InvalidInputException(RejectReason.INCONSISTENT_BAR, "O=" + open.toPlainString() + " H="
                    + high.toPlainString() + " L=" + low.toPlainString() + " C=" + close.toPlainString());
        }
        try {
            return new Bar(Bar.SCHEMA_VERSION, UUID.randomUUID(), openTime.plus(resolution.length()), ingestTime, instrument,
                    source, resolution, openTime, open, high, low, close, null, null, Math.max(0, tickCount));
        } catch (InvalidEventException e) {
            throw new InvalidInputException(RejectReason.INCONSISTENT_BAR, e.getMessage());
        }
    }

    public static String abbreviate(String text) {
        return text == null || text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
