package io.tickflow.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.EventCodec;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Capital.com stream (simulated) → merged feed → ticks topic → tick store, with reconnects and bad records. Capital.com
 * is the only source here, so a recovered stream is Capital.com's own reconnect and not a failover (that is in
 * {@code feed.MergedFeedFailoverTest}).
 */
@QuarkusTest
@TestProfile(MarketDataTest.CapitalOnly.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class MarketDataTest {

    public static class CapitalOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.sources.BTCUSD", "capital",
                    "tickflow.polygon.enabled", "false", "tickflow.alphavantage.enabled", "false",
                    "quarkus.http.test-port", "0");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator sim;

    @Test
    void quotesBecomeTracedTicksThatAreStored() throws Exception {
        List<ConsumerRecord<String, String>> records = ctx.kafka().awaitRecords(Topic.TICKS, Duration.ofSeconds(30),
                l -> l.stream().anyMatch(r -> r.key().equals("BTCUSD")));
        ConsumerRecord<String, String> r = records.stream().filter(x -> x.key().equals("BTCUSD")).findFirst()
                .orElseThrow();
        Tick tick = EventCodec.decode(r.value(), Tick.class);
        assertThat(tick.source()).isEqualTo("capital");
        assertThat(tick.ask()).isGreaterThanOrEqualTo(tick.bid());
        assertThat(tick.bid().scale()).isLessThanOrEqualTo(2);
        assertThat(KafkaTestClient.header(r, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(KafkaTestClient.header(r, EventHeaders.EVENT_TYPE)).isEqualTo("Tick");

        await().atMost(Duration.ofSeconds(30)).until(() -> storedTicks() > 0);
    }

    @Test
    void theStreamComesBackAfterTheBrokerDropsIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> storedTicks() > 0);
        sim.faults().dropStreamingConnections();
        long afterDrop = storedTicks();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedTicks() > afterDrop + 20);
    }

    @Test
    void malformedTicksAreDeadLetteredAndStorageGoesOn() throws Exception {
        ctx.kafka().sendRaw(ctx.topic(Topic.TICKS), "BTCUSD",
                "{\"schemaVersion\":1,\"eventId\":\"00000000-0000-0000-0000-000000000001\",\"instrument\":\"BTCUSD\"}",
                Map.of());
        var dead = ctx.kafka().awaitDeadLetters(Topic.TICKS, Duration.ofSeconds(30), 1);
        assertThat(KafkaTestClient.header(dead.get(0), EventHeaders.DEAD_LETTER_REASON)).startsWith("Tick:");
        long before = storedTicks();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedTicks() > before);
    }

    private long storedTicks() throws Exception {
        try (Connection c = ctx.database().connect(); var st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM market_data.ticks")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // not migrated yet
        }
    }
}
