package io.tickflow.marketsources.alphavantage;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.DailyBar;
import io.tickflow.marketsources.SourceEvent;
import io.tickflow.marketsources.SourceState;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.alphavantage.AlphaVantagePollingConfig.Job;
import io.tickflow.marketsources.alphavantage.AlphaVantagePollingConfig.Series;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AlphaVantagePollerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Job BTC_MINUTES = new Job("BTCUSD", Series.INTRADAY, BarResolution.MINUTE_1, Duration.ofHours(1));
    private static final Job WTI_DAILY = new Job("OIL_CRUDE", Series.DAILY, null, Duration.ofHours(12));

    private AlphaVantageFixture fixture;
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private final List<Bar> bars = new CopyOnWriteArrayList<>();
    private final List<DailyBar> daily = new CopyOnWriteArrayList<>();
    private final List<SourceEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        fixture = AlphaVantageFixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private AlphaVantagePoller poller(AlphaVantagePollingConfig config) {
        AlphaVantagePoller poller = fixture.poller(fixture.client(fixture.config().withBudget(100, Duration.ZERO)), config);
        poller.ticks().subscribe().with(ticks::add);
        poller.bars().subscribe().with(bars::add);
        poller.dailyBars().subscribe().with(daily::add);
        poller.events().subscribe().with(events::add);
        return poller;
    }

    @Test
    void theFreeTierPlanFitsTheBudgetExactlyAndABiggerOneIsRefusedAtStartUp() {
        assertThat(AlphaVantagePollingConfig.freeTier(SymbolMap.defaults()).requestsPerDay()).isEqualTo(25);

        AlphaVantagePollingConfig greedy = new AlphaVantagePollingConfig(List.of(
                new Job("BTCUSD", Series.INTRADAY, BarResolution.MINUTE_1, Duration.ofMinutes(30)), WTI_DAILY));
        AlphaVantageClient client = fixture.client(fixture.config().withBudget(25, Duration.ZERO));
        assertThatThrownBy(() -> new AlphaVantagePoller(fixture.vertx, client, SymbolMap.defaults(), greedy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 52 requests a day but tickflow.alphavantage.requests-per-day is 25");
        assertThatThrownBy(() -> new AlphaVantagePoller(fixture.vertx, client, SymbolMap.defaults(),
                new AlphaVantagePollingConfig(List.of(new Job("OIL_CRUDE", Series.INTRADAY, BarResolution.MINUTE_1,
                        Duration.ofHours(2))))))
                .hasMessageContaining("tickflow.alphavantage.symbols.OIL_CRUDE");
    }

    @Test
    void pollsPublishOnlyNewBarsAndTheNewestCloseAsALastResortTick() {
        AlphaVantagePoller poller = poller(new AlphaVantagePollingConfig(List.of(BTC_MINUTES, WTI_DAILY)));
        poller.start();

        await().atMost(WAIT).until(() -> bars.size() == 100 && !daily.isEmpty());
        assertThat(ticks).hasSize(1);
        Tick tick = ticks.getFirst();
        Bar newest = bars.getLast();
        assertThat(tick.source()).isEqualTo("alphavantage");
        assertThat(tick.bid()).isEqualTo(newest.close()).isEqualTo(tick.ask()).isEqualTo(tick.last());
        assertThat(tick.eventTime()).isEqualTo(Instant.parse("2026-03-06T15:00:00Z"));
        assertThat(daily).allSatisfy(value -> assertThat(value.instrument()).isEqualTo("OIL_CRUDE"));
        assertThat(poller.health().state()).isEqualTo(SourceState.CONNECTED);
        assertThat(poller.health().lastMessageAt()).isNotNull();

        fixture.clock.advance(Duration.ofMinutes(3));
        poller.pollNow(BTC_MINUTES).await().atMost(WAIT);

        assertThat(bars).hasSize(103);
        assertThat(bars.subList(100, 103)).extracting(Bar::openTime).containsExactly(Instant.parse("2026-03-06T15:00:00Z"),
                Instant.parse("2026-03-06T15:01:00Z"), Instant.parse("2026-03-06T15:02:00Z"));
        assertThat(ticks).hasSize(2);
        assertThat(ticks.getLast().eventTime()).isEqualTo(Instant.parse("2026-03-06T15:03:00Z"));
        assertThat(ticks).noneMatch(t -> t.instrument().equals("OIL_CRUDE"));
    }

    @Test
    void aThrottledPollIsReportedAndTheNextSuccessfulOneRecovers() {
        AlphaVantagePoller poller = poller(new AlphaVantagePollingConfig(List.of(BTC_MINUTES)));
        fixture.simulator.faults().throttleNext(1, "Information");

        poller.pollNow(BTC_MINUTES).await().atMost(WAIT);

        assertThat(poller.health().state()).isEqualTo(SourceState.THROTTLED);
        assertThat(poller.health().lastError()).contains("Information");
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type() == SourceEvent.Type.THROTTLED));
        assertThat(bars).isEmpty();

        poller.pollNow(BTC_MINUTES).await().atMost(WAIT);

        assertThat(poller.health().state()).isEqualTo(SourceState.CONNECTED);
        assertThat(bars).hasSize(100);
        assertThat(poller.health().reconnects()).isEqualTo(1);
    }
}
