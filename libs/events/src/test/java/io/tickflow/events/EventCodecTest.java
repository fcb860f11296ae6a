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

    @Test
    void backtestResultFromBeforeTheMetricsStillDecodes() {
        // the payload an older worker publishes: no cagr, sharpe, ... closedTrades, refusedOrders, funding
        String json = """
                {"schemaVersion":1,"eventId":"708192a3-b4c5-4d6e-b7f8-091a2b3c4d5e","eventTime":"2026-11-25T11:00:02Z",
                 "ingestTime":"2026-11-25T11:00:02Z","jobId":"6f708192-a3b4-4c5d-a6e7-f8091a2b3c4d",
                 "status":"COMPLETED","strategyId":"ma-crossover(fast=5,slow=20)","eventsProcessed":39600,"signals":41,
                 "trades":41,"initialCapital":"10000","finalEquity":"10012.35","totalReturn":"0.001235",
                 "maxDrawdown":"0.0021","codeVersion":"0.1.0-SNAPSHOT"}""";
        BacktestResult r = EventCodec.decode(json, BacktestResult.class);
        assertThat(r.finalEquity()).isEqualByComparingTo("10012.35");
        assertThat(r.sharpe()).isNull();
        assertThat(r.closedTrades()).isNull();
        assertThat(EventCodec.encode(r)).doesNotContain("sharpe");
    }
}
