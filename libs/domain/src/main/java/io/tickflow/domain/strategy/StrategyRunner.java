package io.tickflow.domain.strategy;

import io.tickflow.domain.instrument.PriceUnits;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs one configured strategy over ticks of any number of instruments (one strategy instance per instrument) and
 * turns its decisions into {@link Signal} events. The signal's id is derived from the strategy and the tick, so a
 * replayed tick yields the same signal id (consumers de-duplicate on it) and a backtest is byte-identical run to run.
 *
 * <p>Live, {@link #onTick} converts the quote to price units ({@link PriceUnits}) and calls the instrument's strategy.
 * The backtest engine converts stored ticks with the same {@link PriceUnits} methods and calls the strategy from
 * {@link #strategyFor} directly in its replay loop, skipping only the Signal event it does not publish.
 */
public final class StrategyRunner {

    private final String strategyId;
    private final Supplier<Strategy> supplier;
    private final Clock clock;
    private final Map<String, Strategy> byInstrument = new HashMap<>();

    public StrategyRunner(String strategyId, Supplier<Strategy> supplier, Clock clock) {
        this.strategyId = strategyId;
        this.supplier = supplier;
        this.clock = clock;
    }

    public static StrategyRunner of(String name, Map<String, String> parameters, Clock clock) {
        return new StrategyRunner(StrategyFactory.strategyId(name, parameters),
                StrategyFactory.supplier(name, parameters), clock);
    }

    public String strategyId() {
        return strategyId;
    }

    /** The strategy instance of {@code instrument}, created on first use; one per instrument. */
    public Strategy strategyFor(String instrument) {
        return byInstrument.computeIfAbsent(instrument, k -> supplier.get());
    }

    public Optional<Signal> onTick(Tick tick) {
        Strategy strategy = strategyFor(tick.instrument());
        int scale = PriceUnits.scaleOf(tick.instrument());
        return strategy.onQuote(PriceUnits.epochNanos(tick.eventTime()), PriceUnits.toUnits(tick.bid(), scale),
                PriceUnits.toUnits(tick.ask(), scale)).map(d -> {
            Instant now = clock.instant();
            UUID id = UUID.nameUUIDFromBytes((strategyId + '|' + tick.eventId()).getBytes(StandardCharsets.UTF_8));
            return new Signal(Signal.SCHEMA_VERSION, id, tick.eventTime(), now, strategyId, tick.instrument(),
                    d.direction(), tick.mid(), tick.eventId(), d.reason());
        });
    }
}
