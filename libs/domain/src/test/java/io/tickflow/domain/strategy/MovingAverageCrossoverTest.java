package io.tickflow.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.events.Signal;
import io.tickflow.events.SignalDirection;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MovingAverageCrossoverTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void signalsOnlyWhenTheCrossChangesSide() {
        MovingAverageCrossover s = new MovingAverageCrossover(2, 4);
        List<SignalDirection> out = new ArrayList<>();
        // rising, then falling prices
        int[] prices = {100, 101, 102, 103, 104, 105, 104, 102, 100, 98, 97};
        for (int i = 0; i < prices.length; i++) {
            quote(s, prices[i], i).ifPresent(d -> out.add(d.direction()));
        }
        assertThat(out).containsExactly(SignalDirection.LONG, SignalDirection.SHORT);
    }

    @Test
    void ringBufferAgreesWithNaiveAveragesOverManyWraps() {
        MovingAverageCrossover s = new MovingAverageCrossover(3, 7);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(42);
        List<Long> mids = new ArrayList<>();
        SignalDirection naive = null;
        for (int i = 0; i < 2_000; i++) {
            long bid = 9_000_000 + rnd.nextInt(2_000);
            long ask = bid + rnd.nextInt(3);
            mids.add(bid + ask);
            java.util.Optional<Decision> d = s.onQuote(i, bid, ask);
            SignalDirection expected = null;
            if (mids.size() >= 7) {
                // exact averages in rationals: sum(last 3)/3 vs sum(last 7)/7
                long fast = mids.subList(mids.size() - 3, mids.size()).stream().mapToLong(Long::longValue).sum();
                long slow = mids.subList(mids.size() - 7, mids.size()).stream().mapToLong(Long::longValue).sum();
                int cmp = Long.compare(fast * 7, slow * 3);
                if (cmp != 0 && (cmp > 0 ? SignalDirection.LONG : SignalDirection.SHORT) != naive) {
                    expected = cmp > 0 ? SignalDirection.LONG : SignalDirection.SHORT;
                    naive = expected;
                }
            }
            assertThat(d.map(Decision::direction).orElse(null)).as("quote %d", i).isEqualTo(expected);
        }
    }

    @Test
    void nothingBeforeTheSlowWindowIsFull() {
        MovingAverageCrossover s = new MovingAverageCrossover(2, 5);
        for (int i = 0; i < 4; i++) {
            assertThat(quote(s, 100 + i, i)).isEmpty();
        }
    }

    @Test
    void runnerKeepsOneStrategyPerInstrumentAndDerivesStableSignalIds() {
        StrategyRunner a = StrategyRunner.of("ma-crossover", Map.of("fast", "2", "slow", "3"),
                Clock.fixed(T0, ZoneOffset.UTC));
        StrategyRunner b = StrategyRunner.of("ma-crossover", Map.of("fast", "2", "slow", "3"),
                Clock.fixed(T0, ZoneOffset.UTC));
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ticks.add(tick("BTCUSD", 100 + i, i));
            ticks.add(tick("OIL_CRUDE", 70 - i, i));
        }
        List<Signal> fromA = ticks.stream().flatMap(t -> a.onTick(t).stream()).toList();
        List<Signal> fromB = ticks.stream().flatMap(t -> b.onTick(t).stream()).toList();

        assertThat(fromA).extracting(Signal::instrument).containsExactly("BTCUSD", "OIL_CRUDE");
        assertThat(fromA).extracting(Signal::direction).containsExactly(SignalDirection.LONG, SignalDirection.SHORT);
        assertThat(fromA).isEqualTo(fromB);
        assertThat(a.strategyId()).isEqualTo("ma-crossover(fast=2,slow=3)");
    }

    @Test
    void badParametersFailWhenConfigured() {
        assertThatThrownBy(() -> StrategyFactory.supplier("ma-crossover", Map.of("fast", "9", "slow", "3")))
                .hasMessageContaining("need 1 <= fast < slow");
        assertThatThrownBy(() -> StrategyFactory.supplier("nope", Map.of())).hasMessageContaining("unknown strategy");
    }

    @Test
    void probeDecidesEveryNthTickAlternating() {
        ProbeStrategy p = new ProbeStrategy(3);
        List<SignalDirection> out = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            quote(p, 100, i).ifPresent(d -> out.add(d.direction()));
        }
        assertThat(out).containsExactly(SignalDirection.LONG, SignalDirection.SHORT, SignalDirection.LONG);
    }

    /** The quote of {@link #tick} in BTCUSD's price units (scale 2), as the runner hands it to the strategy. */
    static java.util.Optional<Decision> quote(Strategy s, int mid, int second) {
        long m = mid * 100L;
        return s.onQuote(second * 1_000_000_000L, m - 50, m + 50);
    }

    static Tick tick(String instrument, int mid, int second) {
        BigDecimal m = BigDecimal.valueOf(mid);
        Instant t = T0.plusSeconds(second);
        return Tick.quote(instrument, "test", m.subtract(new BigDecimal("0.5")), m.add(new BigDecimal("0.5")), t, t);
    }
}
