package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant T = Instant.parse("2026-11-25T10:15:30.123Z");

    @Test
    void tickRoundTripsExactlyWithAmountsAsStrings() {
        Tick tick = Tick.quote("BTCUSD", "capital", new BigDecimal("90123.45"), new BigDecimal("90153.50"), T, T);
        String json = EventCodec.encode(tick);

        assertThat(json).contains("\"bid\":\"90123.45\"").contains("\"ask\":\"90153.50\"")
                .contains("\"eventTime\":\"2026-11-25T10:15:30.123Z\"");
        Tick back = EventCodec.decode(json, Tick.class);
        assertThat(back).isEqualTo(tick);
        assertThat(back.mid()).isEqualByComparingTo("90138.475");
    }

    @Test
    void numericAmountsAreReadWithoutBinaryRounding() {
        String json = """
                {"schemaVersion":1,"eventId":"%s","eventTime":"2026-11-25T10:00:00Z","ingestTime":"2026-11-25T10:00:00Z",
                 "instrument":"OIL_CRUDE","source":"capital","bid":70.1,"ask":70.13}""".formatted(UUID.randomUUID());
        Tick tick = EventCodec.decode(json, Tick.class);
        assertThat(tick.bid()).isEqualTo(new BigDecimal("70.1"));
        assertThat(tick.ask()).isEqualTo(new BigDecimal("70.13"));
    }

    @Test
    void malformedJsonIsRejectedWithAReason() {
        assertThatThrownBy(() -> EventCodec.decode("{not json", Tick.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("malformed JSON for Tick");
    }

    @Test
    void unknownSchemaVersionIsRejected() {
        String json = EventCodec.encode(Tick.quote("BTCUSD", "capital", BigDecimal.ONE, BigDecimal.TWO, T, T))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> EventCodec.decode(json, Tick.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("Tick schemaVersion 2 is not supported");
    }

    @Test
    void missingRequiredFieldIsRejected() {
        String json = EventCodec.encode(Tick.quote("BTCUSD", "capital", BigDecimal.ONE, BigDecimal.TWO, T, T))
                .replaceAll("\"bid\":\"1\",", "");
        assertThatThrownBy(() -> EventCodec.decode(json, Tick.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("bid is required");
    }

    @Test
    void crossedQuoteIsRejected() {
        assertThatThrownBy(() -> Tick.quote("BTCUSD", "capital", BigDecimal.TWO, BigDecimal.ONE, T, T))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("below bid");
    }

    @Test
    void emptyPayloadIsRejected() {
        assertThatThrownBy(() -> EventCodec.decode("", Fill.class))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("empty payload");
    }

    @Test
    void everyTopicHasAUniqueNameAndDeadLetterTopic() {
        assertThat(Topic.values()).extracting(Topic::topicName).doesNotHaveDuplicates()
                .allMatch(n -> n.startsWith("tickflow.") && n.endsWith(".v1"));
        assertThat(Topic.TICKS.deadLetterTopic()).isEqualTo("tickflow.market.ticks.v1.dlq");
        assertThat(Topic.byName("tickflow.orders.fills.v1")).contains(Topic.FILLS);
    }
}
