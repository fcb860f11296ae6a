package io.tickflow.marketdata.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ticks topic → bar aggregator → bars topic and market_data.bars, through the real broker and database. */
@QuarkusTest
@TestProfile(BarsTest.QuickIdleClose.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BarsTest {

    public static class QuickIdleClose implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.market-data.streaming-enabled", "false", "quarkus.http.test-port", "0",
                    "tickflow.bars.allowed-lateness", "1s", "tickflow.bars.idle-close", "2s");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @Inject
    MeterRegistry registry;

    @Test
    void ticksBecomeBarsOnTheTopicAndInTheTableOnceEachAndLateTicksAreCounted() throws Exception {
        // an hour boundary, so every resolution's first bar is seen from its beginning
        Instant h = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 15; i++) { // 3 s of ticks, 5 a second, mid = 100 + i
            send(tick(h.plusMillis(200L * i), 99 + i, 101 + i));
        }
        send(tick(h.plusMillis(4500), 200, 202)); // watermark 3.5 s: seconds 0, 1 and 2 close
        send(tick(h.plusMillis(500), 1, 3)); // second 0 is closed: late for 1s bars, still in 1m/5m/1h

        List<Bar> bars = ctx.kafka().awaitEvents(Topic.BARS, Bar.class, Duration.ofSeconds(30),
                l -> l.stream().anyMatch(b -> b.resolution() == BarResolution.HOUR_1));

        List<Bar> seconds = bars.stream().filter(b -> b.resolution() == BarResolution.SECOND_1)
                .filter(b -> b.openTime().isBefore(h.plusSeconds(3))).toList();
        assertThat(seconds).extracting(Bar::openTime).containsExactly(h, h.plusSeconds(1), h.plusSeconds(2));
        Bar first = seconds.get(0);
        assertThat(first.tickCount()).isEqualTo(5);
        assertThat(first.open()).isEqualByComparingTo("100");
        assertThat(first.high()).isEqualByComparingTo("104");
        assertThat(first.low()).isEqualByComparingTo("100");
        assertThat(first.close()).isEqualByComparingTo("104");
        assertThat(first.eventTime()).isEqualTo(h.plusSeconds(1));
        Bar hour = bars.stream().filter(b -> b.resolution() == BarResolution.HOUR_1).findFirst().orElseThrow();
        assertThat(hour.tickCount()).isEqualTo(17); // the late tick counts in the hour
        assertThat(hour.low()).isEqualByComparingTo("2");
        assertThat(registry.counter("tickflow_bars_late_ticks_total", "resolution", "SECOND_1").count()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> storedBars() == bars.size());
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT bid_open, bid_high, bid_low, bid_close, ask_close, tick_count FROM market_data.bars"
                        + " WHERE resolution = 'SECOND_1' AND open_time = '" + h + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("99");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("103");
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("99");
            assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("103");
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("105");
            assertThat(rs.getLong(6)).isEqualTo(5);
        }
        assertThat(bars.stream().map(Bar::eventId).distinct().count()).isEqualTo(bars.size());
    }

    private static Tick tick(Instant t, int bid, int ask) {
        return new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), t, t, "BARTEST", "test", BigDecimal.valueOf(bid),
                BigDecimal.valueOf(ask), null, null);
    }

    private void send(Tick t) {
        ctx.kafka().send(Topic.TICKS, t);
    }

    private long storedBars() {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM market_data.bars")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // not migrated yet
        }
    }
}
