package io.tickflow.backtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.BacktestStatus;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stored ticks in, the live strategy over them, a stored and published result out; bad jobs dead-lettered. */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BacktestResourceTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @InjectTestContext
    TestContext ctx;

    @BeforeEach
    void storeTicks() throws Exception {
        // a deterministic zig-zag: 300 ticks, trend changes every 50 so the crossover trades several times
        StoredTicks.store(ctx.database(), "tick", T0, Duration.ofSeconds(1), 300, i -> {
            int leg = (i / 50) % 2 == 0 ? i % 50 : 50 - i % 50;
            return new java.math.BigDecimal(90000 + leg * 10);
        });
    }

    @Test
    void sameJobTwiceGivesIdenticalResultsStoredAndPublished() {
        Map<String, Object> request = Map.of("strategy", "ma-crossover", "parameters", Map.of("fast", "3", "slow", "10"),
                "instruments", List.of("BTCUSD"), "from", T0.toString(), "to", T0.plusSeconds(300).toString());
        JsonPath first = run(request);
        JsonPath second = run(request);

        assertThat(first.getString("status")).isEqualTo("COMPLETED");
        assertThat(first.getLong("result.eventsProcessed")).isEqualTo(300);
        assertThat(first.getLong("result.trades")).isGreaterThan(2);
        java.math.BigDecimal equity = new java.math.BigDecimal(first.getString("result.finalEquity"));
        assertThat(equity).isNotEqualByComparingTo("10000");
        assertThat(equity.scale()).isEqualTo(2);
        assertThat(new java.math.BigDecimal(first.getString("result.totalReturn"))).isEqualByComparingTo(
                equity.subtract(new java.math.BigDecimal("10000"))
                        .divide(new java.math.BigDecimal("10000"), 8, java.math.RoundingMode.HALF_EVEN));
        // the engine's metrics travel with the result: 300 s of zig-zag, in the market from the first crossover on
        assertThat(first.getInt("result.closedTrades")).isGreaterThan(1);
        assertThat(new java.math.BigDecimal(first.getString("result.exposure")))
                .isGreaterThan(java.math.BigDecimal.ZERO).isLessThanOrEqualTo(java.math.BigDecimal.ONE);
        assertThat(new java.math.BigDecimal(first.getString("result.winRate"))).isBetween(java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ONE);
        assertThat(first.getLong("result.refusedOrders")).isZero();
        for (String field : List.of("eventsProcessed", "signals", "trades", "finalEquity", "totalReturn",
                "maxDrawdown", "closedTrades", "winRate", "profitFactor", "exposure", "cagr", "funding")) {
            assertThat(second.getString("result." + field)).as(field).isEqualTo(first.getString("result." + field));
        }

        List<BacktestResult> published = ctx.kafka().awaitEvents(Topic.BACKTEST_RESULTS, BacktestResult.class,
                Duration.ofSeconds(30), l -> l.size() >= 2);
        assertThat(published).extracting(BacktestResult::status).containsOnly(BacktestStatus.COMPLETED);
    }

    @Test
    void badRequestsAreProblemDetails() {
        given().contentType(ContentType.JSON).body(Map.of("strategy", "nope", "instruments", List.of("BTCUSD"),
                        "from", T0.toString(), "to", T0.plusSeconds(1).toString()))
                .post("/api/backtests").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/backtests/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void malformedJobOnKafkaIsDeadLettered() {
        ctx.kafka().sendRaw(ctx.topic(Topic.BACKTEST_JOBS), "x", "{\"jobId\":\"not-a-uuid\"}", Map.of());
        assertThat(ctx.kafka().awaitDeadLetters(Topic.BACKTEST_JOBS, Duration.ofSeconds(30), 1)).isNotEmpty();
    }

    private JsonPath run(Map<String, Object> request) {
        String location = given().contentType(ContentType.JSON).body(request).post("/api/backtests")
                .then().statusCode(202).extract().header("Location");
        String path = location.substring(location.indexOf("/api/"));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> "COMPLETED".equals(given().get(path).then().extract().path("status")));
        return given().get(path).then().statusCode(200).extract().jsonPath();
    }
}
