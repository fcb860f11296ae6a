package io.tickflow.backtest.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickflow.messaging.OutboxRelay;
import io.tickflow.messaging.TopicNames;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Submitted jobs and results reach Kafka only from here: the outbox relay of the {@code backtest} schema. */
// @Singleton, not @ApplicationScoped: the base class has no no-args constructor for a client proxy
@Singleton
public class BacktestOutbox extends OutboxRelay {

    @Inject
    public BacktestOutbox(Pool pool, @Channel("outbox") Emitter<String> emitter, TopicNames topics, MeterRegistry registry) {
        super(pool, BacktestRepository.SCHEMA, emitter, topics, registry);
    }
}
