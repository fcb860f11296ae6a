package io.tickflow.marketdata.feed;

import static io.restassured.RestAssured.given;
import static io.tickflow.marketdata.feed.FeedTestSupport.eventsUntil;
import static io.tickflow.marketdata.feed.FeedTestSupport.has;
import static io.tickflow.marketdata.feed.FeedTestSupport.last;
import static io.tickflow.marketdata.feed.FeedTestSupport.metric;
import static io.tickflow.marketdata.feed.FeedTestSupport.ticksUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.marketdata.sources.SourceRejects;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulator;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.polygon.PolygonSimulator;
import io.tickflow.testkit.AlphaVantageSimResource;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectAlphaVantageSim;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectPolygonSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.PolygonSimResource;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The merged feed end to end, with the real broker and the three simulators: BTCUSD ranked capital, polygon,
 * alphavantage. Capital.com's stream stops: the feed fails over to Polygon within 2 s of Capital.com's last tick;
 * Capital.com comes back: the feed switches back after the hold time. Source events, metrics, duplicates and bad input
 * are checked on the way. The methods run in order, one scenario.
 */
@QuarkusTest
@TestProfile(MergedFeedFailoverTest.ThreeSources.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PolygonSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = AlphaVantageSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MergedFeedFailoverTest {

    static final Duration STALE_AFTER = Duration.ofSeconds(1);
    static final Duration SWITCH_BACK_AFTER = Duration.ofSeconds(2);
    /** The requirement: the next source's first tick within 2 s of the stale source's last one. */
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(2);
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class ThreeSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.instruments", "BTCUSD",
                    "tickflow.market-data.sources.BTCUSD", "capital,polygon,alphavantage",
                    "tickflow.market-data.stale-after.capital", "1s",
                    "tickflow.market-data.stale-after.polygon", "1s",
                    // one Alpha Vantage poll at start-up is all this test spends of the simulated free tier
                    "tickflow.alphavantage.poll-interval", "2h",
                    "tickflow.market-data.stale-after.alphavantage", "3h",
                    "tickflow.market-data.switch-back-after", "2s",
                    "tickflow.market-data.startup-grace", "3s",
                    "quarkus.http.test-port", "0");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator capital;

    @InjectPolygonSim
    PolygonSimulator polygon;

    @InjectAlphaVantageSim
    AlphaVantageSimulator alphaVantage;

    @Test
    @Order(1)
    void capitalIsActiveAndEveryRankedSourceDelivers() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/feed/BTCUSD").then().statusCode(200)
                .body("activeSource", org.hamcrest.Matchers.equalTo("capital"))
                .body("sources.find { it.source == 'capital' }.status", org.hamcrest.Matchers.equalTo("HEALTHY"))
                .body("sources.find { it.source == 'polygon' }.status", org.hamcrest.Matchers.equalTo("HEALTHY"))
                .body("sources.find { it.source == 'alphavantage' }.status", org.hamcrest.Matchers.equalTo("HEALTHY")));
        assertThat(alphaVantage.stats().requestsReceived()).as("one poll at start-up").isEqualTo(1);

        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> l.size() >= 20);
        assertThat(ticks).extracting(Tick::source).containsOnly("capital");
        // every series exists before anything happened, so Prometheus sees the first failover as an increase
        assertThat(metric("tickflow_market_data_failovers_total", "instrument=\"BTCUSD\"", "from_source=\"capital\"",
                "to_source=\"polygon\"")).isZero();
        assertThat(metric("tickflow_market_data_active_source", "source=\"capital\"")).isEqualTo(1.0);
        assertThat(metric("tickflow_market_data_active_source", "source=\"polygon\"")).isZero();
        assertThat(metric("tickflow_market_data_source_available", "source=\"polygon\"")).isEqualTo(1.0);
        assertThat(metric("tickflow_market_data_source_ticks_total", "source=\"polygon\"")).isPositive();
    }

    @Test
    @Order(2)
    void whenCapitalGoesSilentTheFeedFailsOverToPolygonWithinTwoSeconds() {
        capital.faults().stopStreaming("BTCUSD");

        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> l.stream().anyMatch(t -> t.source().equals("polygon")));
        Tick lastCapital = ticks.stream().filter(t -> t.source().equals("capital"))
                .max(Comparator.comparing(Tick::ingestTime)).orElseThrow();
        Tick firstPolygon = ticks.stream().filter(t -> t.source().equals("polygon")).findFirst().orElseThrow();
        Duration switchTime = Duration.between(lastCapital.ingestTime(), firstPolygon.ingestTime());
        // not before the threshold (less a polygon tick received just before the switch and queued behind it), and
        // within the 2 s the feed promises
        assertThat(switchTime).as("last capital tick to first polygon tick on the topic")
                .isGreaterThanOrEqualTo(STALE_AFTER.minusMillis(200)).isLessThanOrEqualTo(FAILOVER_BOUND);

        List<SourceEvent> events = eventsUntil(ctx, WAIT, l -> has(l, SourceEventKind.FAILOVER, "polygon"));
        assertThat(events).extracting(SourceEvent::kind)
                .containsSubsequence(SourceEventKind.SOURCE_STALE, SourceEventKind.FAILOVER);
        SourceEvent stale = last(events, SourceEventKind.SOURCE_STALE);
        assertThat(stale.source()).isEqualTo("capital");
        SourceEvent failover = last(events, SourceEventKind.FAILOVER);
        assertThat(failover.fromSource()).isEqualTo("capital");
        assertThat(failover.toSource()).isEqualTo("polygon");
        assertThat(failover.reason()).startsWith("capital stale: no tick for");
        ConsumerRecord<String, String> record = ctx.kafka().awaitRecords(Topic.SOURCE_EVENTS, WAIT,
                l -> l.stream().anyMatch(r -> r.value().contains("\"FAILOVER\""))).stream()
                .filter(r -> r.value().contains("\"FAILOVER\"")).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo("BTCUSD");
        assertThat(KafkaTestClient.header(record, EventHeaders.EVENT_TYPE)).isEqualTo("SourceEvent");
        assertThat(KafkaTestClient.header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

        assertThat(metric("tickflow_market_data_failovers_total", "instrument=\"BTCUSD\"", "from_source=\"capital\"",
                "to_source=\"polygon\"")).isEqualTo(1.0);
        assertThat(metric("tickflow_market_data_active_source", "source=\"polygon\"")).isEqualTo(1.0);
        assertThat(metric("tickflow_market_data_source_available", "source=\"capital\"")).isZero();
        given().get("/api/feed/BTCUSD").then().body("activeSource", org.hamcrest.Matchers.equalTo("polygon"));
    }

    @Test
    @Order(3)
    void aQuoteThatIsNotNewerThanTheLastPublishedOneIsDroppedAsADuplicate() {
        double duplicatesBefore = metric("tickflow_market_data_duplicate_ticks_total", "source=\"polygon\"");
        BigDecimal staleBid = new BigDecimal("12345.67");
        BigDecimal freshBid = new BigDecimal("12355.67");
        // exchange time 3 s ago: older than what the feed already published (but young enough for the connector)
        polygon.publishQuote("BTC-USD", staleBid, staleBid.add(BigDecimal.TEN), BigDecimal.ONE, BigDecimal.ONE,
                Instant.now().minusSeconds(3));
        polygon.publishQuote("BTC-USD", freshBid, freshBid.add(BigDecimal.TEN), BigDecimal.ONE, BigDecimal.ONE,
                Instant.now().plusMillis(200));

        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> l.stream().anyMatch(t -> t.bid().compareTo(freshBid) == 0));
        assertThat(ticks).noneMatch(t -> t.bid().compareTo(staleBid) == 0);
        assertThat(metric("tickflow_market_data_duplicate_ticks_total", "source=\"polygon\""))
                .isGreaterThan(duplicatesBefore);
    }

    @Test
    @Order(4)
    void whenCapitalIsBackTheFeedSwitchesBackAfterTheHoldTime() {
        capital.faults().startStreaming("BTCUSD");

        List<SourceEvent> events = eventsUntil(ctx, WAIT, l -> has(l, SourceEventKind.SWITCH_BACK, "capital"));
        SourceEvent recovered = last(events, SourceEventKind.SOURCE_RECOVERED);
        SourceEvent back = last(events, SourceEventKind.SWITCH_BACK);
        assertThat(recovered.source()).isEqualTo("capital");
        assertThat(back.fromSource()).isEqualTo("polygon");
        assertThat(Duration.between(recovered.eventTime(), back.eventTime()))
                .as("recovery to switch back: the hold time, then the next tick or check")
                .isGreaterThanOrEqualTo(SWITCH_BACK_AFTER).isLessThanOrEqualTo(SWITCH_BACK_AFTER.plusSeconds(1));

        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> l.stream().anyMatch(t -> t.source().equals("capital")
                && t.ingestTime().isAfter(back.eventTime())));
        assertThat(ticks).filteredOn(t -> t.source().equals("polygon"))
                .allMatch(t -> !t.ingestTime().isAfter(back.eventTime()), "no polygon tick after the switch back");
        assertThat(metric("tickflow_market_data_failovers_total", "from_source=\"polygon\"", "to_source=\"capital\""))
                .as("a switch back is not a failover").isZero();
        assertThat(metric("tickflow_market_data_source_events_total", "kind=\"SWITCH_BACK\"")).isEqualTo(1.0);
    }

    @Test
    @Order(5)
    void theMergedFeedNeverGoesBackInTime() {
        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> !l.isEmpty());
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i).eventTime()).as("tick %d of %d (%s after %s)", i, ticks.size(),
                    ticks.get(i).source(), ticks.get(i - 1).source()).isAfterOrEqualTo(ticks.get(i - 1).eventTime());
        }
    }

    @Test
    @Order(6)
    void badInputFromASourceIsCountedAndDeadLetteredAndTheFeedGoesOn() {
        long now = Instant.now().toEpochMilli();
        polygon.faults().sendRaw("[{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":NaN,\"bs\":1,\"ap\":65000.5,\"as\":1,"
                + "\"t\":" + now + ",\"x\":1,\"r\":" + now + "}]");
        polygon.publishQuote("BTC-USD", new BigDecimal("65010.00"), new BigDecimal("65000.00"), BigDecimal.ONE,
                BigDecimal.ONE, Instant.now());

        List<ConsumerRecord<String, String>> dead = ctx.kafka().awaitDeadLetters(Topic.TICKS, WAIT, 2);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, EventHeaders.DEAD_LETTER_REASON))
                .anyMatch(reason -> reason.startsWith("polygon INVALID_PRICE"))
                .anyMatch(reason -> reason.startsWith("polygon CROSSED_QUOTE"));
        assertThat(dead).allMatch(r -> "polygon".equals(KafkaTestClient.header(r, SourceRejects.SOURCE_HEADER)));
        assertThat(metric("tickflow_market_data_rejected_quotes_total", "source=\"polygon\"",
                "reason=\"CROSSED_QUOTE\"")).isEqualTo(1.0);

        double published = metric("tickflow_market_data_ticks_total", "source=\"capital\"");
        double fromPolygon = metric("tickflow_market_data_source_ticks_total", "source=\"polygon\"");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("tickflow_market_data_ticks_total", "source=\"capital\"")).isGreaterThan(published + 10);
            assertThat(metric("tickflow_market_data_source_ticks_total", "source=\"polygon\""))
                    .as("the connector that sent the bad input goes on").isGreaterThan(fromPolygon + 10);
        });
    }
}
