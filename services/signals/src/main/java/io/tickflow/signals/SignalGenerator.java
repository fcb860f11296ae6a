package io.tickflow.signals;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.tickflow.domain.strategy.StrategyRunner;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.messaging.KafkaRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs the configured strategy over the tick stream and publishes its signals. The strategy code is the one the
 * backtest engine runs ({@link StrategyRunner} from libs/domain). Ticks arrive one at a time per channel, so the
 * strategy's state needs no locking.
 */
@ApplicationScoped
public class SignalGenerator {

    private static final Logger LOG = Logger.getLogger(SignalGenerator.class);

    private final StrategyRunner runner;
    private final DeadLetters deadLetters;
    private final MutinyEmitter<String> signals;
    private final MeterRegistry registry;

    @Inject
    public SignalGenerator(SignalsConfig config, DeadLetters deadLetters,
            @Channel("signals") MutinyEmitter<String> signals, MeterRegistry registry) {
        this.runner = StrategyRunner.of(config.strategy(), config.parameters(), Clock.systemUTC());
        this.deadLetters = deadLetters;
        this.signals = signals;
        this.registry = registry;
        LOG.infof("running strategy %s", runner.strategyId());
    }

    @Incoming("ticks")
    public Uni<Void> onTick(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, Tick.class).onItem().ifNotNull().transformToUni(this::evaluate);
    }

    Uni<Void> evaluate(Tick tick) {
        registry.counter("tickflow_signals_ticks_total", "instrument", tick.instrument()).increment();
        return runner.onTick(tick).map(this::publish).orElse(Uni.createFrom().voidItem());
    }

    private Uni<Void> publish(Signal signal) {
        registry.counter("tickflow_signals_total", "strategy", signal.strategyId(), "instrument",
                signal.instrument(), "direction", signal.direction().name()).increment();
        return signals.sendMessage(KafkaRecords.message(signal));
    }
}
