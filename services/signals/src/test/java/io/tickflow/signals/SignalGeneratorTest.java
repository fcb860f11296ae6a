package io.tickflow.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.Signal;
import io.tickflow.events.SignalDirection;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Real broker: ticks in, signals out, bad ticks to the DLQ without stopping the stream. */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class SignalGeneratorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @InjectTestContext
    TestContext ctx;

    @Test
    void crossoverOnTicksPublishesSignalsInTheTicksTrace() {
        KafkaTestClient kafka = ctx.kafka();
        // a malformed record first: it must be dead-lettered and must not block what follows on the partition
        kafka.sendRaw(ctx.topic(Topic.TICKS), "BTCUSD", "{\"schemaVersion\":1,\"bid\":", Map.of());
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        int[] mids = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
            101, 102, 103, 104, 105, 106};
        for (int i = 0; i < mids.length; i++) {
            Tick t = tick(mids[i], i);
            kafka.sendRaw(ctx.topic(Topic.TICKS), t.partitionKey(), io.tickflow.events.EventCodec.encode(t),
                    Map.of("traceparent", traceparent));
        }

        List<ConsumerRecord<String, String>> dead = kafka.awaitDeadLetters(Topic.TICKS, Duration.ofSeconds(30), 1);
        assertThat(KafkaTestClient.header(dead.get(0), EventHeaders.DEAD_LETTER_REASON))
                .contains("malformed JSON for Tick");

        List<ConsumerRecord<String, String>> out = kafka.awaitRecords(Topic.SIGNALS, Duration.ofSeconds(30),
                l -> !l.isEmpty());
        Signal signal = io.tickflow.events.EventCodec.decode(out.get(0).value(), Signal.class);
        assertThat(signal.direction()).isEqualTo(SignalDirection.LONG);
        assertThat(signal.instrument()).isEqualTo("BTCUSD");
        assertThat(signal.strategyId()).isEqualTo("ma-crossover(fast=5,slow=20)");
        assertThat(out.get(0).key()).isEqualTo("BTCUSD");
        // the signal continues the tick's trace across the Kafka hop
        assertThat(KafkaTestClient.header(out.get(0), "traceparent")).contains("0af7651916cd43dd8448eb211c80319c");
    }

    private static Tick tick(int mid, int second) {
        BigDecimal m = BigDecimal.valueOf(mid);
        Instant t = T0.plusSeconds(second);
        return Tick.quote("BTCUSD", "test", m.subtract(BigDecimal.ONE), m.add(BigDecimal.ONE), t, t);
    }
}
