package io.tickflow.simulators.capital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

/** The one JSON mapper of the simulator: BigDecimal in and out, plain notation, no binary floating point anywhere. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep 93.90 as 93.90: the scale tells the instrument's decimals.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Admin answers (order log, emitted quotes) carry Instants: ISO-8601 text, not epoch floats.
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** Parses a request body; a body that is not JSON is the client's fault, so it becomes a 400. */
    static JsonNode readBody(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("error.malformed.request");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A decimal field, taken from the JSON text so that 0.1 stays 0.1. */
    static BigDecimal decimal(JsonNode node, String field, String errorCodeWhenInvalid) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(errorCodeWhenInvalid);
            }
        }
        throw ApiError.badRequest(errorCodeWhenInvalid);
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && (value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText()));
    }
}
