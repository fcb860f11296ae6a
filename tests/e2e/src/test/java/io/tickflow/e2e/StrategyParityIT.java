package io.tickflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.backtest.engine.BacktestEngine;
import io.tickflow.backtest.engine.BacktestEngine.ReplayedSignal;
import io.tickflow.backtest.engine.BacktestSettings;
import io.tickflow.backtest.engine.CostModel;
import io.tickflow.backtest.engine.TickColumns;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backtest and live must agree. market-data and signals run live on capital-sim's stream; then the ticks signals saw
 * (the ticks topic) are replayed through the backtest engine with the same strategy and parameters, and the engine's
 * decisions must be the live signals: same instruments, same tick times, same directions, in the same order.
 */
class StrategyParityIT {

    // short averages: many crossovers in a short run
    private static final Map<String, String> PARAMETERS = Map.of("fast", "3", "slow", "8");
    private static final int MIN_SIGNALS = 12;

    private static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start("tickflow_parity", Map.of("capital-sim.quotes-per-second", "40"),
                List.of("market-data", "signals"), Map.of("tickflow.signals.strategy", "ma-crossover",
                        "tickflow.signals.parameters.fast", PARAMETERS.get("fast"),
                        "tickflow.signals.parameters.slow", PARAMETERS.get("slow")));
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        platform.close();
    }

    @Test
    void theBacktestEngineDecidesWhatTheLiveServiceSignalled() throws Exception {
        platform.kafka.awaitRecords(Topic.SIGNALS, Duration.ofSeconds(120), l -> l.size() >= MIN_SIGNALS);
        // no tick after this: the ticks topic is the whole input the live strategy had
        platform.services.get("market-data").close();
        List<Tick> ticks = platform.kafka.lastRecords(Topic.TICKS, Integer.MAX_VALUE).stream()
                .map(r -> EventCodec.decode(r.value(), Tick.class))
                .sorted(Comparator.comparing(Tick::eventTime)) // the order a backtest replays stored ticks in
                .toList();
        List<String> instruments = ticks.stream().map(Tick::instrument).distinct().sorted().toList();

        Map<String, CostModel> costs = new TreeMap<>();
        instruments.forEach(i -> costs.put(i, CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.ONE)));
        Instant from = ticks.get(0).eventTime();
        Instant to = ticks.get(ticks.size() - 1).eventTime().plusMillis(1);
        BacktestEngine engine = new BacktestEngine(new BacktestSettings("ma-crossover", PARAMETERS, instruments,
                from, to, new BigDecimal("100000"), costs, Duration.ZERO, null)).recordSignals();
        engine.onTicks(TickColumns.of(instruments, ticks));
        Map<String, List<String>> expected = byInstrument(engine.replayedSignals().stream()
                .map(s -> new Decision(s.instrument(), s.time(), s.direction().name())).toList());
        assertThat(expected.values().stream().mapToInt(List::size).sum()).as("the replay decided something")
                .isGreaterThanOrEqualTo(MIN_SIGNALS);

        // the live service may still be working through the last ticks: wait until it has caught up, then compare
        Map<String, List<String>> live = new LinkedHashMap<>();
        await("live signals equal the replayed decisions").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    live.clear();
                    live.putAll(byInstrument(liveSignals()));
                    assertThat(live).isEqualTo(expected);
                });
    }

    private static List<Decision> liveSignals() {
        List<ConsumerRecord<String, String>> records = platform.kafka.lastRecords(Topic.SIGNALS, Integer.MAX_VALUE);
        Map<java.util.UUID, Decision> byId = new LinkedHashMap<>(); // consumers de-duplicate on the signal id
        records.stream().map(r -> EventCodec.decode(r.value(), Signal.class))
                .sorted(Comparator.comparing(Signal::eventTime))
                .forEach(s -> byId.putIfAbsent(s.eventId(), new Decision(s.instrument(), s.eventTime(),
                        s.direction().name())));
        return List.copyOf(byId.values());
    }

    private static Map<String, List<String>> byInstrument(List<Decision> decisions) {
        return decisions.stream().collect(Collectors.groupingBy(Decision::instrument, TreeMap::new,
                Collectors.mapping(d -> d.time() + " " + d.direction(), Collectors.toList())));
    }

    private record Decision(String instrument, Instant time, String direction) {
    }
}
