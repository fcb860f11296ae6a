package io.tickflow.marketdata.backfill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Topic;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A restart after an outage: the database already holds BTCUSD's ticks up to 10 minutes ago when market-data starts
 * (as after a crash), so the start-up scan queues a repair from there, which fills the missing minute bars from
 * capital-sim's history, marked backfilled, and announces it as GAP_REPAIRED. A backfill a crashed instance left
 * half done is taken over and resumed at its cursor.
 */
@QuarkusTest
@TestProfile(RestartGapRepairTest.NoStreaming.class)
@WithTestResource(value = RestartGapRepairTest.StoreStoppedTenMinutesAgo.class,
        scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RestartGapRepairTest {

    static final Duration OUTAGE = Duration.ofMinutes(10);

    public static class NoStreaming implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.instruments", "BTCUSD",
                    "tickflow.market-data.streaming-enabled", "false",
                    "tickflow.polygon.enabled", "false",
                    "tickflow.alphavantage.enabled", "false",
                    "tickflow.backfill.restart-gap-after", "2m",
                    "tickflow.backfill.poll-interval", "200ms",
                    "quarkus.http.test-port", "0");
        }
    }

    /** The test database as a previous run left it: migrated, with a last tick {@link #OUTAGE} ago. */
    public static class StoreStoppedTenMinutesAgo extends TickflowTestResource {
        static Instant lastTick;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            Flyway.configure().dataSource(config.get("quarkus.datasource.jdbc.url"),
                            config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))
                    .schemas("market_data").locations("classpath:db/tickstore", "classpath:db/market-data")
                    .load().migrate();
            lastTick = Instant.now().minus(OUTAGE).truncatedTo(ChronoUnit.MILLIS);
            try (Connection c = java.sql.DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                    PreparedStatement st = c.prepareStatement("INSERT INTO market_data.ticks (instrument, event_time,"
                            + " event_id, source, bid, ask, ingest_time) VALUES ('BTCUSD', ?, ?, 'capital', 90000.10,"
                            + " 90040.30, ?)")) {
                st.setTimestamp(1, Timestamp.from(lastTick));
                st.setObject(2, UUID.randomUUID());
                st.setTimestamp(3, Timestamp.from(lastTick));
                st.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return config;
        }
    }

    @InjectTestContext
    TestContext ctx;

    @Inject
    GapRepairs repairs;

    @Test
    void theOutageBeforeTheStartIsFoundAndRepairedFromHistory() throws Exception {
        Instant from = StoreStoppedTenMinutesAgo.lastTick.truncatedTo(ChronoUnit.MINUTES);

        await().atMost(Duration.ofSeconds(30)).until(() -> restartJobFrom(from) != null
                && "SUCCEEDED".equals(restartJobFrom(from).get("state")));
        Map<String, Object> job = restartJobFrom(from);
        Instant to = Instant.parse((String) job.get("to"));
        long minutes = Duration.between(from, to).toMinutes();
        assertThat(minutes).isBetween(OUTAGE.toMinutes(), OUTAGE.toMinutes() + 1);
        assertThat(((Number) job.get("rowsWritten")).longValue()).isEqualTo(minutes);
        assertThat(backfilledMinuteBars(from, to)).isEqualTo(minutes);

        List<SourceEvent> events = ctx.kafka().awaitEvents(Topic.SOURCE_EVENTS, SourceEvent.class,
                Duration.ofSeconds(30), l -> l.stream().anyMatch(e -> e.kind() == SourceEventKind.GAP_REPAIRED));
        SourceEvent repaired = events.stream().filter(e -> e.kind() == SourceEventKind.GAP_REPAIRED).findFirst()
                .orElseThrow();
        assertThat(repaired.gapStart()).isEqualTo(from);
        assertThat(repaired.gapEnd()).isEqualTo(to);

        // the repaired bars are stored data now: another start finds no outage
        assertThat(repairs.scanAfterRestart(Instant.now())).isEmpty();
    }

    /**
     * A backfill whose instance died after storing its first page: the job row is RUNNING with an expired claim and its
     * cursor at page 2 of 3. This instance takes it over and fetches only pages 2 and 3; asking for the range again
     * afterwards (a finished job) fills page 1 and nothing else.
     */
    @Test
    void aJobOfACrashedInstanceIsTakenOverAndResumesAtItsCursor() throws Exception {
        Instant from = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Instant to = from.plus(2500, ChronoUnit.MINUTES);
        UUID id = UUID.randomUUID();
        try (Connection c = ctx.database().connect(); PreparedStatement st = c.prepareStatement("INSERT INTO"
                + " market_data.backfill_jobs (id, kind, instrument, resolution, from_time, to_time, state, pages_total,"
                + " pages_done, rows_received, rows_written, owner, lease_until, attempts) VALUES (?, 'MANUAL',"
                + " 'BTCUSD', 'MINUTE_1', ?, ?, 'RUNNING', 3, 1, 1000, 1000, 'market-data-crashed',"
                + " now() - interval '1 second', 1)")) {
            st.setObject(1, id);
            st.setTimestamp(2, Timestamp.from(from));
            st.setTimestamp(3, Timestamp.from(to));
            st.executeUpdate();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(job(id).get("state")));
        Map<String, Object> job = job(id);
        assertThat(job.get("pagesDone")).isEqualTo(3);
        assertThat(((Number) job.get("rowsWritten")).longValue()).isEqualTo(2500);
        Instant secondPage = from.plus(1000, ChronoUnit.MINUTES);
        assertThat(backfilledMinuteBars(from, secondPage)).as("page 1 was the crashed instance's: not fetched again")
                .isZero();
        assertThat(backfilledMinuteBars(secondPage, to)).isEqualTo(1500);

        String again = given().contentType("application/json").body(Map.of("instrument", "BTCUSD", "from",
                from.toString(), "to", to.toString())).post("/api/backfill").then().statusCode(202).extract()
                .path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(job(UUID.fromString(again)).get("state")));
        assertThat(((Number) job(UUID.fromString(again)).get("rowsWritten")).longValue()).isEqualTo(1000);
        assertThat(backfilledMinuteBars(from, to)).isEqualTo(Duration.between(from, to).toMinutes());
    }

    private static Map<String, Object> job(UUID id) {
        return given().get("/api/backfill/" + id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private static Map<String, Object> restartJobFrom(Instant from) {
        List<Map<String, Object>> jobs = given().get("/api/backfill").then().statusCode(200).extract().jsonPath()
                .getList("$");
        return jobs.stream().filter(j -> "RESTART".equals(j.get("kind")) && from.equals(Instant.parse(
                (String) j.get("from")))).findFirst().orElse(null);
    }

    private long backfilledMinuteBars(Instant from, Instant to) throws Exception {
        try (Connection c = ctx.database().connect(); PreparedStatement st = c.prepareStatement("SELECT count(*) FROM"
                + " market_data.bars WHERE instrument = 'BTCUSD' AND resolution = 'MINUTE_1' AND open_time >= ? AND"
                + " open_time < ? AND backfilled AND source = 'capital' AND bid_open IS NOT NULL")) {
            st.setTimestamp(1, Timestamp.from(from));
            st.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
