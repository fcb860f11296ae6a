package io.tickflow.simulators.polygon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * JSON of the Polygon simulator: BigDecimal in and out in plain notation, absent (null) fields left out, so a test can
 * publish an event without a field to exercise a client's "missing field" path.
 */
final class PolygonJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private PolygonJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** One WebSocket message: Polygon always sends a JSON array of events, even for a single one. */
    static String array(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** {@code [{"ev":"status","status":...,"message":...}]}. */
    static String status(String status, String message) {
        return array(List.of(write(new StatusEvent("status", status, message))));
    }

    record StatusEvent(String ev, String status, String message) {
    }
}
