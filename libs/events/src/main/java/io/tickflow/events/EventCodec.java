package io.tickflow.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;

/**
 * JSON encoding of Tickflow events. One mapper for every service so the wire format cannot drift:
 * amounts travel as JSON strings ("90123.45") so no consumer in any language parses them into a double, times as
 * ISO-8601 UTC strings, unknown fields are ignored (additive changes keep the schema version), and a missing or
 * invalid field fails decoding with a reason fit for a dead-letter header.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = createMapper();

    private EventCodec() {
    }

    public static ObjectMapper createMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(TickflowEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes and validates one event.
     *
     * @throws InvalidEventException with a one-line reason when the payload is not a valid {@code type}
     */
    public static <T extends TickflowEvent> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty payload is not a " + type.getSimpleName());
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            InvalidEventException invalid = findInvalid(e);
            if (invalid != null) {
                throw new InvalidEventException(type.getSimpleName() + ": " + invalid.getMessage(), e);
            }
            throw new InvalidEventException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static InvalidEventException findInvalid(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidEventException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
