package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.TickRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores the ticks topic in the tick store, in batches. Storage reads the topic rather than being written next to
 * the publish (no dual write): a restart resumes from the committed offset and loses nothing, and a slow database
 * never delays the live path. Offsets are committed after the batch is stored; a redelivered batch is idempotent.
 */
@ApplicationScoped
public class TickStorageConsumer {

    private final TickRepository repository;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;

    @Inject
    public TickStorageConsumer(Pool pool, DeadLetters deadLetters, MeterRegistry registry) {
        this.repository = new TickRepository(pool);
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    @Incoming("tick-store")
    public Uni<Void> store(ConsumerRecords<String, String> records) {
        List<Tick> valid = new ArrayList<>(records.count());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                valid.add(EventCodec.decode(r.value(), Tick.class));
            } catch (InvalidEventException e) {
                deadLettered.add(deadLetters.send(r, e.getMessage()));
            }
        }
        Uni<Void> dlq = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        return dlq.chain(() -> repository.insert(valid))
                .invoke(n -> registry.counter("tickflow_tick_store_rows_total").increment(n))
                .replaceWithVoid();
    }
}
