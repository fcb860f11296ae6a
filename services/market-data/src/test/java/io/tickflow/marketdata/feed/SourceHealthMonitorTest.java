package io.tickflow.marketdata.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.instrument.TradingHours;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merged feed's decisions with explicit instants: staleness, failover, switch back, gaps, duplicates, hours. */
class SourceHealthMonitorTest {

    /** A Wednesday: OIL_CRUDE is open until 22:00 UTC. */
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Map<String, Duration> STALE_AFTER = Map.of("capital", Duration.ofSeconds(1), "polygon",
            Duration.ofSeconds(1), "alphavantage", Duration.ofMinutes(125));
    private static final Duration SWITCH_BACK_AFTER = Duration.ofSeconds(10);
    private static final Duration STARTUP_GRACE = Duration.ofSeconds(5);

    private static SourceHealthMonitor btcusd(String... ranking) {
        return monitor("BTCUSD", TradingHours.always(), T0, ranking);
    }

    private static SourceHealthMonitor monitor(String instrument, TradingHours hours, Instant startedAt,
            String... ranking) {
        return new SourceHealthMonitor(instrument, List.of(ranking), STALE_AFTER, SWITCH_BACK_AFTER, STARTUP_GRACE,
                hours, startedAt);
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /** A tick whose exchange time is 5 ms before its receipt. */
    private static TickVerdict tick(SourceHealthMonitor m, String source, Instant receivedAt) {
        return m.onTick(source, receivedAt.minusMillis(5), receivedAt);
    }

    private static List<SourceEventKind> kinds(List<SourceEvent> events) {
        return events.stream().map(SourceEvent::kind).toList();
    }

    /** Both sources tick every 100 ms over [from, to), polygon 20 ms after capital. */
    private static void tickBoth(SourceHealthMonitor m, long from, long to, List<SourceEvent> events) {
        for (long t = from; t < to; t += 100) {
            events.addAll(tick(m, "capital", at(t)).events());
            events.addAll(tick(m, "polygon", at(t + 20)).events());
        }
    }

    /** Only polygon ticks, every 100 ms over [from, to). */
    private static void tickPolygon(SourceHealthMonitor m, long from, long to, List<SourceEvent> events) {
        for (long t = from; t < to; t += 100) {
            events.addAll(tick(m, "polygon", at(t + 20)).events());
        }
    }

    @Test
    void atStartUpTheFeedWaitsForTheBestSourceRatherThanSwitchingBackAMomentLater() {
        SourceHealthMonitor m = btcusd("capital", "polygon");

        TickVerdict early = tick(m, "polygon", at(200));
        assertThat(early.publish()).as("polygon before capital has spoken").isFalse();
        assertThat(m.active()).isNull();

        TickVerdict first = tick(m, "capital", at(900));
        assertThat(first.publish()).isTrue();
        assertThat(first.events()).isEmpty();
        assertThat(m.active()).isEqualTo("capital");
        assertThat(tick(m, "polygon", at(950)).publish()).as("standby ticks are never published").isFalse();
    }

    @Test
    void aBetterSourceThatNeverSpeaksIsStaleAfterTheStartUpGrace() {
        SourceHealthMonitor m = btcusd("capital", "polygon");
        List<SourceEvent> events0 = new java.util.ArrayList<>();
        tickPolygon(m, 0, 5_000, events0);
        assertThat(events0).isEmpty();
        assertThat(m.active()).as("waiting for capital").isNull();

        assertThat(m.evaluate(at(5_000))).isEmpty();
        List<SourceEvent> events = m.evaluate(at(5_001));

        assertThat(kinds(events)).containsExactly(SourceEventKind.SOURCE_STALE);
        assertThat(events.getFirst().source()).isEqualTo("capital");
        assertThat(events.getFirst().reason()).contains("no tick from capital within 5.0 s");
        assertThat(m.active()).isEqualTo("polygon");
        assertThat(tick(m, "polygon", at(5_100)).publish()).isTrue();
    }

    @Test
    void theFeedFailsOverOneStaleThresholdAfterTheLastTickOfTheActiveSource() {
        SourceHealthMonitor m = btcusd("capital", "polygon", "alphavantage");
        List<SourceEvent> events = new java.util.ArrayList<>();
        tickBoth(m, 0, 3_000, events);
        assertThat(events).isEmpty();
        assertThat(m.active()).isEqualTo("capital");
        Instant lastCapitalTick = at(2_900);

        // polygon goes on, capital is silent from 2.9 s
        assertThat(tick(m, "polygon", lastCapitalTick.plusMillis(500)).events()).isEmpty();
        assertThat(m.evaluate(lastCapitalTick.plusMillis(1_000))).as("exactly at the threshold").isEmpty();
        List<SourceEvent> failover = m.evaluate(lastCapitalTick.plusMillis(1_001));

        assertThat(kinds(failover)).containsExactly(SourceEventKind.SOURCE_STALE, SourceEventKind.FAILOVER);
        SourceEvent switched = failover.get(1);
        assertThat(switched.fromSource()).isEqualTo("capital");
        assertThat(switched.toSource()).isEqualTo("polygon");
        assertThat(switched.source()).isEqualTo("polygon");
        assertThat(switched.eventTime()).isEqualTo(lastCapitalTick.plusMillis(1_001));
        assertThat(switched.reason()).contains("capital stale: no tick for 1.0 s (stale after 1.0 s)");
        assertThat(m.active()).isEqualTo("polygon");
        assertThat(m.status("capital")).isEqualTo(SourceStatus.STALE);
        assertThat(tick(m, "polygon", lastCapitalTick.plusMillis(1_050)).publish()).isTrue();
    }

    @Test
    void aTickWhoseExchangeTimeDoesNotMoveForwardIsADuplicateUnlessItIsTheSameSourcesNextQuote() {
        SourceHealthMonitor m = btcusd("capital", "polygon");
        Instant exchange = at(1_000);
        assertThat(m.onTick("capital", exchange, at(1_010)).publish()).isTrue();
        assertThat(m.onTick("capital", exchange, at(1_011)).publish())
                .as("two quotes in the same millisecond from one source are two quotes").isTrue();
        m.onTick("polygon", at(1_020), at(1_030));

        m.evaluate(at(2_020)); // capital stale (polygon not yet): failover to polygon
        assertThat(m.active()).isEqualTo("polygon");

        TickVerdict older = m.onTick("polygon", exchange.minusMillis(3), at(2_110));
        TickVerdict same = m.onTick("polygon", exchange, at(2_120));
        TickVerdict newer = m.onTick("polygon", exchange.plusMillis(1), at(2_130));

        assertThat(older.duplicate()).isTrue();
        assertThat(older.publish()).isFalse();
        assertThat(same.duplicate()).as("the same market moment seen through another source").isTrue();
        assertThat(newer.publish()).isTrue();
        assertThat(newer.duplicate()).isFalse();
    }

    @Test
    void theFeedSwitchesBackOnlyAfterTheBetterSourceWasHealthyForTheHoldTime() {
        SourceHealthMonitor m = btcusd("capital", "polygon");
        List<SourceEvent> events = new java.util.ArrayList<>();
        tickBoth(m, 0, 1_000, events);
        tickPolygon(m, 1_000, 5_000, events); // capital silent from 0.9 s: failover at 1.92 s
        assertThat(kinds(events)).containsExactly(SourceEventKind.SOURCE_STALE, SourceEventKind.FAILOVER);
        assertThat(m.active()).isEqualTo("polygon");

        List<SourceEvent> recovered = tick(m, "capital", at(5_000)).events();
        assertThat(kinds(recovered)).containsExactly(SourceEventKind.SOURCE_RECOVERED);
        assertThat(recovered.getFirst().reason()).contains("after 4.1 s of silence");

        List<SourceEvent> later = new java.util.ArrayList<>();
        tickBoth(m, 5_100, 15_000, later);
        assertThat(later).as("capital healthy for less than 10 s").isEmpty();
        assertThat(m.active()).isEqualTo("polygon");

        List<SourceEvent> back = tick(m, "capital", at(15_000)).events();
        assertThat(kinds(back)).containsExactly(SourceEventKind.SWITCH_BACK);
        assertThat(back.getFirst().fromSource()).isEqualTo("polygon");
        assertThat(back.getFirst().toSource()).isEqualTo("capital");
        assertThat(m.active()).isEqualTo("capital");
    }

    @Test
    void aFlickeringSourceDoesNotMakeTheFeedFlap() {
        SourceHealthMonitor m = btcusd("capital", "polygon");
        List<SourceEvent> events = new java.util.ArrayList<>();
        tickBoth(m, 0, 1_000, events);
        tickPolygon(m, 1_000, 3_000, events); // failover to polygon
        assertThat(m.active()).isEqualTo("polygon");
        events.clear();

        // capital: 6 s of ticks, 1.5 s of silence, 6 s of ticks, ... never 10 s in a row
        long t = 3_000;
        for (int round = 0; round < 4; round++) {
            tickBoth(m, t, t + 6_000, events);
            tickPolygon(m, t + 6_000, t + 7_500, events);
            t += 7_500;
        }

        assertThat(kinds(events)).doesNotContain(SourceEventKind.SWITCH_BACK, SourceEventKind.FAILOVER);
        assertThat(kinds(events)).contains(SourceEventKind.SOURCE_STALE, SourceEventKind.SOURCE_RECOVERED);
        assertThat(m.active()).isEqualTo("polygon");
    }

    @Test
    void withNoHealthySourceTheFeedHasAGapFromTheLastPublishedTickToTheFirstOneAfter() {
        SourceHealthMonitor m = btcusd("capital", "polygon");
        Instant lastPublished = at(990);
        m.onTick("capital", lastPublished, at(1_000));
        m.onTick("polygon", at(1_005), at(1_010));

        List<SourceEvent> gap = m.evaluate(at(2_100));

        assertThat(kinds(gap)).containsExactly(SourceEventKind.SOURCE_STALE, SourceEventKind.SOURCE_STALE,
                SourceEventKind.GAP_DETECTED);
        SourceEvent detected = gap.get(2);
        assertThat(detected.source()).isEqualTo("capital");
        assertThat(detected.fromSource()).isEqualTo("capital");
        assertThat(detected.gapStart()).isEqualTo(lastPublished);
        assertThat(detected.gapEnd()).isNull();
        assertThat(m.active()).isNull();
        assertThat(m.gapStart()).contains(lastPublished);
        assertThat(m.evaluate(at(3_000))).as("one gap, one event").isEmpty();

        Instant resumed = at(6_000);
        TickVerdict first = m.onTick("polygon", resumed, at(6_004));

        assertThat(first.publish()).isTrue();
        assertThat(kinds(first.events())).containsExactly(SourceEventKind.SOURCE_RECOVERED, SourceEventKind.GAP_ENDED);
        SourceEvent ended = first.events().get(1);
        assertThat(ended.source()).isEqualTo("polygon");
        assertThat(ended.fromSource()).isEqualTo("capital");
        assertThat(ended.toSource()).isEqualTo("polygon");
        assertThat(ended.gapStart()).isEqualTo(lastPublished);
        assertThat(ended.gapEnd()).isEqualTo(resumed);
        assertThat(m.gapStart()).isEmpty();
        assertThat(m.active()).isEqualTo("polygon");
    }

    @Test
    void whenNoSourceEverSpeaksTheGapStartsAtStartUp() {
        SourceHealthMonitor m = btcusd("capital", "polygon");

        List<SourceEvent> events = m.evaluate(at(5_001));

        assertThat(kinds(events)).containsExactly(SourceEventKind.SOURCE_STALE, SourceEventKind.SOURCE_STALE,
                SourceEventKind.GAP_DETECTED);
        assertThat(events.get(2).source()).isEqualTo("capital");
        assertThat(events.get(2).fromSource()).isNull();
        assertThat(events.get(2).gapStart()).isEqualTo(T0);
    }

    @Test
    void oilCrudesClosedHoursAreNoOutageAndSilenceCountsAgainFromTheOpening() {
        // Wednesday: closed 22:00-23:00 UTC
        Instant beforeClose = Instant.parse("2026-11-25T21:59:59.500Z");
        SourceHealthMonitor m = monitor("OIL_CRUDE", Instruments.OIL_CRUDE.tradingHours(),
                beforeClose.minusSeconds(60), "capital", "polygon");
        m.onTick("capital", beforeClose, beforeClose);
        m.onTick("polygon", beforeClose, beforeClose.plusMillis(10));
        assertThat(m.active()).isEqualTo("capital");

        for (String time : List.of("22:00:00", "22:00:05", "22:30:00", "22:59:59.999")) {
            assertThat(m.evaluate(Instant.parse("2026-11-25T" + time + "Z"))).as("closed at %s", time).isEmpty();
        }
        assertThat(m.open()).isFalse();
        assertThat(m.status("capital")).isEqualTo(SourceStatus.HEALTHY);
        assertThat(m.active()).isEqualTo("capital");

        Instant opening = Instant.parse("2026-11-25T23:00:00Z");
        assertThat(m.evaluate(opening)).isEmpty();
        assertThat(m.open()).isTrue();
        assertThat(tick(m, "capital", opening.plusMillis(300)).publish()).isTrue();
        assertThat(m.evaluate(opening.plusMillis(1_000))).as("polygon silent for exactly 1 s since the opening")
                .isEmpty();

        List<SourceEvent> events = m.evaluate(opening.plusMillis(1_001));
        assertThat(kinds(events)).containsExactly(SourceEventKind.SOURCE_STALE);
        assertThat(events.getFirst().source()).isEqualTo("polygon");
        assertThat(m.active()).as("capital delivered after the opening").isEqualTo("capital");
    }

    @Test
    void noSwitchAtAllOverAWeekendClose() {
        Instant fridayClose = Instant.parse("2026-11-27T21:59:59Z");
        SourceHealthMonitor m = monitor("OIL_CRUDE", Instruments.OIL_CRUDE.tradingHours(), fridayClose.minusSeconds(10),
                "capital", "polygon");
        m.onTick("capital", fridayClose, fridayClose);
        m.onTick("polygon", fridayClose, fridayClose);

        for (Instant t = fridayClose.plusSeconds(2); t.isBefore(Instant.parse("2026-11-29T23:00:00Z"));
                t = t.plus(Duration.ofMinutes(7))) {
            assertThat(m.evaluate(t)).as("closed at %s", t).isEmpty();
        }
        assertThat(m.active()).isEqualTo("capital");
        assertThat(m.status("capital")).isEqualTo(SourceStatus.HEALTHY);
    }

    @Test
    void afterTheOpeningABetterSourceMustProveItselfForTheHoldTimeAgain() {
        Instant beforeClose = Instant.parse("2026-11-25T21:59:00Z");
        SourceHealthMonitor m = monitor("OIL_CRUDE", Instruments.OIL_CRUDE.tradingHours(), beforeClose.minusSeconds(60),
                "capital", "polygon");
        m.onTick("capital", beforeClose.minusSeconds(30), beforeClose.minusSeconds(30));
        m.onTick("polygon", beforeClose.minusSeconds(30), beforeClose.minusSeconds(30));
        m.evaluate(beforeClose.minusSeconds(28)); // capital and polygon stale: a gap
        m.onTick("polygon", beforeClose, beforeClose); // polygon back: active
        m.onTick("capital", beforeClose.plusMillis(5), beforeClose.plusMillis(5)); // capital back, not for 10 s yet
        assertThat(m.active()).isEqualTo("polygon");

        Instant opening = Instant.parse("2026-11-25T23:00:00Z");
        assertThat(m.evaluate(opening)).as("capital healthy since before the close, but not since the opening")
                .isEmpty();
        m.onTick("capital", opening.plusMillis(500), opening.plusMillis(500));
        m.onTick("polygon", opening.plusMillis(600), opening.plusMillis(600));
        for (long t = 1_000; t < 10_000; t += 500) {
            m.onTick("capital", opening.plusMillis(t), opening.plusMillis(t));
            m.onTick("polygon", opening.plusMillis(t + 10), opening.plusMillis(t + 10));
        }
        assertThat(m.active()).isEqualTo("polygon");
        List<SourceEvent> back = m.onTick("capital", opening.plusMillis(10_000), opening.plusMillis(10_000)).events();
        assertThat(kinds(back)).containsExactly(SourceEventKind.SWITCH_BACK);
    }

    @Test
    void aSourceNotRankedForTheInstrumentIsIgnored() {
        SourceHealthMonitor m = btcusd("capital");
        TickVerdict verdict = tick(m, "polygon", at(100));
        assertThat(verdict.publish()).isFalse();
        assertThat(verdict.events()).isEmpty();
        assertThat(m.status("polygon")).isNull();
    }
}
