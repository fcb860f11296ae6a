package io.tickflow.backtest.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.tickflow.messaging.OutboxRelay;
import io.tickflow.messaging.TopicNames;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Backtest's outbox relay: submitted jobs and results reach Kafka only from here. */
@ApplicationScoped
public class BacktestOutbox {

    private final OutboxRelay relay;

    @Inject
    public BacktestOutbox(Pool pool, @Channel("outbox") Emitter<String> emitter, TopicNames topics,
            MeterRegistry registry) {
        this.relay = new OutboxRelay(pool, BacktestRepository.SCHEMA, topics.prefix(), emitter, registry);
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        relay.startSweeping(vertx, Duration.ofMillis(500));
    }

    public void wakeUp() {
        relay.wakeUp();
    }
}
