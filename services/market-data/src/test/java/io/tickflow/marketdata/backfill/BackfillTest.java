package io.tickflow.marketdata.backfill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Topic;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.PolygonSimResource;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gap repair and the backfill command against capital-sim's {@code GET /prices} history, with the real broker and
 * database: a gap of the merged feed is repaired once its last minute has closed; a backfill over three 1000-bar pages
 * reports progress, is cancelled mid-way, resumes from its cursor and ends with exactly the range's bars; a repeat
 * writes nothing; with Capital.com's history down a backfill falls back to Polygon's trade bars (capital is the only
 * ranked tick source; Polygon serves history only). The gap is made first so that its repair (which waits for the
 * minute to close) runs while the backfill is tested.
 */
@QuarkusTest
@TestProfile(BackfillTest.CapitalOnly.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PolygonSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    public static class CapitalOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.instruments", "BTCUSD",
                    "tickflow.market-data.sources.BTCUSD", "capital",
                    "tickflow.alphavantage.enabled", "false",
                    "tickflow.market-data.startup-grace", "3s",
                    // slow enough pages to cancel a job between two of them
                    "tickflow.backfill.page-interval", "1s",
                    "tickflow.backfill.settle", "1s",
                    "tickflow.backfill.poll-interval", "200ms",
                    "quarkus.http.test-port", "0");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator capital;

    static SourceEvent gapEnded;

    @Test
    @Order(1)
    void aGapOfTheMergedFeedIsQueuedForRepairWhenItEnds() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/feed/BTCUSD").then()
                .body("activeSource", equalTo("capital")));
        capital.faults().stopStreaming("BTCUSD");
        events(l -> l.stream().anyMatch(e -> e.kind() == SourceEventKind.GAP_DETECTED));
        capital.faults().startStreaming("BTCUSD");
        gapEnded = events(l -> l.stream().anyMatch(e -> e.kind() == SourceEventKind.GAP_ENDED)).stream()
                .filter(e -> e.kind() == SourceEventKind.GAP_ENDED).findFirst().orElseThrow();

        await().atMost(WAIT).until(() -> gapJob() != null);
        JsonPath job = gapJob();
        assertThat(Instant.parse(job.getString("from"))).isEqualTo(gapEnded.gapStart().truncatedTo(ChronoUnit.MINUTES));
        assertThat(Instant.parse(job.getString("to")))
                .isEqualTo(gapEnded.gapEnd().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
    }

    @Test
    @Order(2)
    void aBackfillOverSeveralPagesReportsProgressResumesAfterACancelAndNeverWritesARowTwice() throws Exception {
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Instant to = from.plus(2500, ChronoUnit.MINUTES); // BTCUSD trades 24/7: one bar a minute, three pages
        long expected = Duration.between(from, to).toMinutes();
        Map<String, String> body = Map.of("instrument", "BTCUSD", "from", from.toString(), "to", to.toString(),
                "resolution", "MINUTE");

        JsonPath submitted = submit(body);
        String id = submitted.getString("id");
        assertThat(submitted.getInt("pagesTotal")).isEqualTo(3);
        assertThat(submitted.getString("resolution")).isEqualTo("MINUTE_1");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> job(id).getInt("pagesDone") >= 1);
        JsonPath cancelled = given().delete("/api/backfill/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        JsonPath stopped = job(id);
        assertThat(stopped.getInt("pagesDone")).as("stopped mid-way").isBetween(1, 2);
        assertThat(stopped.getLong("rowsWritten")).isEqualTo(stopped.getInt("pagesDone") * 1000L)
                .isEqualTo(backfilledRows(from, to));

        JsonPath resumed = submit(body); // the same range again: the same job, from its cursor
        assertThat(resumed.getString("id")).isEqualTo(id);
        await().atMost(WAIT).until(() -> job(id).getString("state").equals("SUCCEEDED"));
        JsonPath done = job(id);
        assertThat(done.getInt("pagesDone")).isEqualTo(3);
        assertThat(done.getLong("rowsWritten")).isEqualTo(expected);
        assertThat(done.getString("source")).isEqualTo("capital");
        assertThat(backfilledRows(from, to)).isEqualTo(expected);
        assertThat(rowsWithBidAsk(from, to)).isEqualTo(expected);

        JsonPath repeated = submit(body); // finished: a new job, which finds every bar stored already
        assertThat(repeated.getString("id")).isNotEqualTo(id);
        await().atMost(WAIT).until(() -> job(repeated.getString("id")).getString("state").equals("SUCCEEDED"));
        assertThat(job(repeated.getString("id")).getLong("rowsReceived")).isEqualTo(expected);
        assertThat(job(repeated.getString("id")).getLong("rowsWritten")).isZero();
        assertThat(backfilledRows(from, to)).isEqualTo(expected);
    }

    @Test
    @Order(3)
    void badRequestsAreProblems() {
        given().contentType(ContentType.JSON).body(Map.of("instrument", "BTCUSD", "from", "yesterday", "to",
                        Instant.now().toString())).post("/api/backfill")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("from"));
        given().contentType(ContentType.JSON).body(Map.of("instrument", "DOGE", "from", "2026-11-01T00:00:00Z",
                        "to", "2026-11-02T00:00:00Z")).post("/api/backfill")
                .then().statusCode(400).body("detail", containsString("unknown instrument DOGE"));
        given().contentType(ContentType.JSON).body(Map.of("instrument", "BTCUSD", "from", "2026-11-01T00:00:00Z",
                        "to", "2026-11-02T00:00:00Z", "resolution", "SECOND")).post("/api/backfill")
                .then().statusCode(400).body("detail", containsString("resolution"));
        given().get("/api/backfill/8c1f4a52-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void theGapIsRepairedFromHistoryMarkedBackfilledWithoutDuplicates() throws Exception {
        assertThat(gapEnded).as("the gap of the first test").isNotNull();
        // the repair waits for the gap's last minute to close at the source
        await().atMost(Duration.ofSeconds(100)).until(() -> gapJob().getString("state").equals("SUCCEEDED"));
        JsonPath job = gapJob();
        Instant from = Instant.parse(job.getString("from"));
        Instant to = Instant.parse(job.getString("to"));
        long minutes = Duration.between(from, to).toMinutes();

        assertThat(backfilledRows(from, to)).as("every minute of the gap, from capital-sim's history")
                .isEqualTo(minutes);
        assertThat(rows("count(*) - count(DISTINCT open_time)", "true", from, to)).isZero();
        List<SourceEvent> repaired = events(l -> l.stream().anyMatch(e -> e.kind() == SourceEventKind.GAP_REPAIRED))
                .stream().filter(e -> e.kind() == SourceEventKind.GAP_REPAIRED).toList();
        assertThat(repaired).hasSize(1);
        assertThat(repaired.get(0).gapStart()).isEqualTo(from);
        assertThat(repaired.get(0).gapEnd()).isEqualTo(to);
        assertThat(repaired.get(0).source()).isEqualTo("capital");
    }

    @Test
    @Order(5)
    void withCapitalComsHistoryDownTheBackfillFallsBackToPolygonsTradeBarsWithoutBidAndAsk() throws Exception {
        // before the range of the backfill above, which stored Capital.com's bars
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS).minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Instant to = from.plus(90, ChronoUnit.MINUTES);
        capital.faults().failPrices(true);
        try {
            String id = submit(Map.of("instrument", "BTCUSD", "from", from.toString(), "to", to.toString()))
                    .getString("id");
            await().atMost(WAIT).until(() -> job(id).getString("state").equals("SUCCEEDED"));
            JsonPath done = job(id);
            assertThat(done.getString("source")).isEqualTo("polygon");
            long polygonBars = rows("count(*)", "backfilled AND source = 'polygon' AND bid_open IS NULL AND bid_close"
                    + " IS NULL AND ask_close IS NULL", from, to);
            // Massive has no bar for a minute without trades: fewer bars than minutes, but some
            assertThat(polygonBars).isEqualTo(done.getLong("rowsWritten")).isEqualTo(done.getLong("rowsReceived"))
                    .isPositive().isLessThanOrEqualTo(Duration.between(from, to).toMinutes());
            assertThat(rows("count(*)", "source <> 'polygon'", from, to)).isZero();
        } finally {
            capital.faults().failPrices(false);
        }
    }

    private List<SourceEvent> events(java.util.function.Predicate<List<SourceEvent>> until) {
        return ctx.kafka().awaitEvents(Topic.SOURCE_EVENTS, SourceEvent.class, Duration.ofSeconds(60), until);
    }

    private static JsonPath submit(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/backfill").then().statusCode(202)
                .extract().jsonPath();
    }

    private static JsonPath job(String id) {
        return given().get("/api/backfill/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The GAP repair job, or null while there is none. */
    private static JsonPath gapJob() {
        List<Map<String, Object>> jobs = given().get("/api/backfill?limit=50").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return jobs.stream().filter(j -> "GAP".equals(j.get("kind"))).findFirst()
                .map(j -> job((String) j.get("id"))).orElse(null);
    }

    private long backfilledRows(Instant from, Instant to) throws Exception {
        return rows("count(*)", "backfilled AND source = 'capital'", from, to);
    }

    private long rowsWithBidAsk(Instant from, Instant to) throws Exception {
        return rows("count(*)", "backfilled AND bid_open IS NOT NULL AND bid_close IS NOT NULL AND ask_low IS NOT NULL"
                + " AND ask_close IS NOT NULL", from, to);
    }

    /** {@code select} over BTCUSD's minute bars opening in [from, to) that satisfy {@code condition}. */
    private long rows(String select, String condition, Instant from, Instant to) throws Exception {
        try (Connection c = ctx.database().connect(); PreparedStatement st = c.prepareStatement("SELECT " + select
                + " FROM market_data.bars WHERE instrument = 'BTCUSD' AND resolution = 'MINUTE_1' AND open_time >= ?"
                + " AND open_time < ? AND " + condition)) {
            st.setTimestamp(1, Timestamp.from(from));
            st.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
