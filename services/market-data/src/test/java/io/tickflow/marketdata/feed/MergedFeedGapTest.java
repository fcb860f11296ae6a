package io.tickflow.marketdata.feed;

import static io.restassured.RestAssured.given;
import static io.tickflow.marketdata.feed.FeedTestSupport.eventsUntil;
import static io.tickflow.marketdata.feed.FeedTestSupport.has;
import static io.tickflow.marketdata.feed.FeedTestSupport.last;
import static io.tickflow.marketdata.feed.FeedTestSupport.metric;
import static io.tickflow.marketdata.feed.FeedTestSupport.ticksUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Tick;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.polygon.PolygonSimulator;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectPolygonSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.PolygonSimResource;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A gap in the merged feed, end to end: BTCUSD ranked capital, polygon (Alpha Vantage off); both go silent, the feed
 * reports the gap from the last published tick; Polygon comes back first and ends it, then Capital.com takes over
 * again after the hold time.
 */
@QuarkusTest
@TestProfile(MergedFeedGapTest.TwoSources.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PolygonSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MergedFeedGapTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    public static class TwoSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.instruments", "BTCUSD",
                    "tickflow.market-data.sources.BTCUSD", "capital,polygon",
                    "tickflow.alphavantage.enabled", "false",
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

    @Test
    @Order(1)
    void withEverySourceSilentTheFeedReportsAGapFromItsLastTick() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/feed/BTCUSD").then()
                .body("activeSource", equalTo("capital")));

        capital.faults().stopStreaming("BTCUSD");
        polygon.faults().silence(true);

        List<SourceEvent> events = eventsUntil(ctx, WAIT, l -> has(l, SourceEventKind.GAP_DETECTED, "capital")
                || has(l, SourceEventKind.GAP_DETECTED, "polygon"));
        SourceEvent gap = last(events, SourceEventKind.GAP_DETECTED);
        assertThat(gap.gapEnd()).isNull();
        Tick lastPublished = ticksUntil(ctx, WAIT, l -> !l.isEmpty()).stream()
                .max(Comparator.comparing(Tick::eventTime)).orElseThrow();
        assertThat(gap.gapStart()).as("exchange time of the last tick before the gap")
                .isEqualTo(lastPublished.eventTime());

        given().get("/api/feed/BTCUSD").then().body("activeSource", nullValue()).body("gapSince", notNullValue());
        assertThat(metric("tickflow_market_data_active_source", "source=\"capital\"")).isZero();
        assertThat(metric("tickflow_market_data_active_source", "source=\"polygon\"")).isZero();
        assertThat(metric("tickflow_market_data_source_events_total", "kind=\"GAP_DETECTED\"")).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void theGapEndsWithTheFirstTickOfTheSourceThatComesBack() {
        polygon.faults().silence(false);

        List<SourceEvent> events = eventsUntil(ctx, WAIT, l -> has(l, SourceEventKind.GAP_ENDED, "polygon"));
        SourceEvent detected = last(events, SourceEventKind.GAP_DETECTED);
        SourceEvent ended = last(events, SourceEventKind.GAP_ENDED);
        assertThat(ended.toSource()).isEqualTo("polygon");
        assertThat(ended.fromSource()).isEqualTo(detected.source());
        assertThat(ended.gapStart()).isEqualTo(detected.gapStart());

        List<Tick> ticks = ticksUntil(ctx, WAIT, l -> l.stream().anyMatch(t -> t.source().equals("polygon")));
        Tick firstAfter = ticks.stream().filter(t -> t.eventTime().isAfter(detected.gapStart())).findFirst()
                .orElseThrow();
        assertThat(firstAfter.source()).isEqualTo("polygon");
        assertThat(ended.gapEnd()).as("exchange time of the first tick after the gap").isEqualTo(firstAfter.eventTime());
        given().get("/api/feed/BTCUSD").then().body("activeSource", equalTo("polygon")).body("gapSince", nullValue());
    }

    @Test
    @Order(3)
    void capitalTakesOverAgainOnceItHasBeenHealthyForTheHoldTime() {
        Instant started = Instant.now();
        capital.faults().startStreaming("BTCUSD");

        List<SourceEvent> events = eventsUntil(ctx, WAIT, l -> has(l, SourceEventKind.SWITCH_BACK, "capital"));
        assertThat(last(events, SourceEventKind.SWITCH_BACK).fromSource()).isEqualTo("polygon");
        // the topic also holds the earlier tests' events (their failover included): judge this test's only
        assertThat(events.stream().filter(e -> !e.eventTime().isBefore(started)).toList())
                .extracting(SourceEvent::kind).doesNotContain(SourceEventKind.FAILOVER)
                .as("nothing went stale while the feed stood on polygon");
        given().get("/api/feed/BTCUSD").then().body("activeSource", equalTo("capital"));
    }
}
