package io.tickflow.marketdata.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final BarAggregator aggregator = new BarAggregator(Duration.ofMillis(500),
            List.of(BarResolution.SECOND_1, BarResolution.MINUTE_1), "test");

    @Test
    void aBarHasTheOhlcOfMidBidAndAskAndClosesOnceTheWatermarkPassesItsEnd() {
        List<BarAggregator.ClosedBar> closed = new ArrayList<>();
        closed.addAll(tick(0, "100", "102")); // mid 101
        closed.addAll(tick(300, "104", "106")); // mid 105, the high
        closed.addAll(tick(600, "98", "99")); // mid 98.5, the low
        closed.addAll(tick(900, "100", "101")); // mid 100.5, the close
        closed.addAll(tick(1400, "100", "101")); // watermark 900 ms: second 0 still open
        assertThat(closed).isEmpty();

        closed.addAll(tick(1500, "101", "102")); // watermark 1000 ms: second 0 closes

        assertThat(closed).hasSize(1);
        Bar bar = closed.get(0).bar();
        assertThat(bar.resolution()).isEqualTo(BarResolution.SECOND_1);
        assertThat(bar.openTime()).isEqualTo(T0);
        assertThat(bar.eventTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(bar.open()).isEqualByComparingTo("101");
        assertThat(bar.high()).isEqualByComparingTo("105");
        assertThat(bar.low()).isEqualByComparingTo("98.5");
        assertThat(bar.close()).isEqualByComparingTo("100.5");
        assertThat(bar.bidClose()).isEqualByComparingTo("100");
        assertThat(bar.askClose()).isEqualByComparingTo("101");
        assertThat(bar.tickCount()).isEqualTo(4);
        assertThat(closed.get(0).bid()).isEqualTo(new BarAggregator.Ohlc(new BigDecimal("100"), new BigDecimal("104"),
                new BigDecimal("98"), new BigDecimal("100")));
        assertThat(closed.get(0).ask()).isEqualTo(new BarAggregator.Ohlc(new BigDecimal("102"), new BigDecimal("106"),
                new BigDecimal("99"), new BigDecimal("101")));
    }

    @Test
    void anOutOfOrderTickWithinTheLatenessCountsAndCanBeTheOpen() {
        tick(-1000, "100", "102"); // the stream began before: second 0 is seen from its beginning
        tick(100, "100", "102");
        tick(1200, "110", "112");
        tick(50, "90", "92"); // 1.15 s behind the newest tick, but second 0 is open until the watermark reaches 1 s
        List<BarAggregator.ClosedBar> closed = tick(1600, "110", "112");

        assertThat(closed).hasSize(1);
        Bar bar = closed.get(0).bar();
        assertThat(bar.tickCount()).isEqualTo(2);
        assertThat(bar.open()).isEqualByComparingTo("91"); // earliest event time, though it arrived last
        assertThat(bar.close()).isEqualByComparingTo("101");
    }

    @Test
    void aTickForAClosedBarIsCountedAsLateAndLeftOutButStillCountsInLongerBars() {
        tick(0, "100", "102");
        assertThat(tick(1600, "100", "102")).hasSize(1); // second 0 closed
        var late = aggregator.onTick(quote(900, "50", "52"), NOW);

        assertThat(late.lateFor()).containsExactly(BarResolution.SECOND_1);
        assertThat(late.closed()).isEmpty();
        List<BarAggregator.ClosedBar> minute = aggregator.closeAll("BTCUSD", NOW).stream()
                .filter(c -> c.bar().resolution() == BarResolution.MINUTE_1).toList();
        assertThat(minute).hasSize(1);
        assertThat(minute.get(0).bar().tickCount()).isEqualTo(3);
        assertThat(minute.get(0).bar().low()).isEqualByComparingTo("51");
    }

    @Test
    void theFirstBarAfterAStartIsEmittedOnlyWhenItsBeginningWasSeen() {
        tick(250, "100", "102"); // started in the middle of second 0 and of minute 0
        List<BarAggregator.ClosedBar> closed = new ArrayList<>(tick(1000, "100", "102"));
        closed.addAll(tick(2600, "100", "102"));
        closed.addAll(aggregator.closeAll("BTCUSD", NOW));

        assertThat(closed).extracting(c -> c.bar().resolution() + "@" + c.bar().openTime())
                .containsExactly("SECOND_1@" + T0.plusSeconds(1), "SECOND_1@" + T0.plusSeconds(2));
        assertThat(aggregator.incompleteBarsDropped()).isEqualTo(2); // second 0 and minute 0
    }

    @Test
    void instrumentsHaveTheirOwnWatermarkAndTheSameBarAlwaysGetsTheSameId() {
        tick(0, "100", "102");
        aggregator.onTick(Tick.quote("OIL_CRUDE", "test", new BigDecimal("70"), new BigDecimal("70.02"),
                T0.plusSeconds(30), NOW), NOW);
        assertThat(tick(200, "100", "102")).isEmpty(); // OIL_CRUDE's ticks do not close BTCUSD's bars

        List<BarAggregator.ClosedBar> first = aggregator.closeAll("BTCUSD", NOW);
        BarAggregator again = new BarAggregator(Duration.ofMillis(500), List.of(BarResolution.SECOND_1,
                BarResolution.MINUTE_1), "test");
        again.onTick(quote(0, "100", "102"), NOW.plusSeconds(5));
        again.onTick(quote(200, "100", "102"), NOW.plusSeconds(5));
        List<BarAggregator.ClosedBar> second = again.closeAll("BTCUSD", NOW.plusSeconds(5));
        assertThat(second).extracting(c -> c.bar().eventId())
                .containsExactlyElementsOf(first.stream().map(c -> c.bar().eventId()).toList());
    }

    @Test
    void aNegativeLatenessIsRefused() {
        assertThatThrownBy(() -> new BarAggregator(Duration.ofSeconds(-1), List.of(BarResolution.HOUR_1), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateness");
    }

    private List<BarAggregator.ClosedBar> tick(long millis, String bid, String ask) {
        BarAggregator.Result r = aggregator.onTick(quote(millis, bid, ask), NOW);
        return r.closed();
    }

    private static Tick quote(long millis, String bid, String ask) {
        return Tick.quote("BTCUSD", "test", new BigDecimal(bid), new BigDecimal(ask), T0.plusMillis(millis), NOW);
    }
}
