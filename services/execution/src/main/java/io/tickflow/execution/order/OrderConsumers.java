package io.tickflow.execution.order;

import io.smallrye.mutiny.Uni;
import io.tickflow.events.KillSwitchCommand;
import io.tickflow.events.OrderIntent;
import io.tickflow.execution.risk.KillSwitch;
import io.tickflow.events.Signal;
import io.tickflow.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Execution's inputs: strategy signals and manual order intents. Records are handled one at a time per channel and
 * the offset is committed only after the order reached a state on disk, so a crash redelivers the record and the
 * unique signal/order id keeps it from trading twice.
 */
@ApplicationScoped
public class OrderConsumers {

    private final OrderRouter router;
    private final DeadLetters deadLetters;
    private final KillSwitch killSwitch;

    @Inject
    public OrderConsumers(OrderRouter router, DeadLetters deadLetters, KillSwitch killSwitch) {
        this.router = router;
        this.deadLetters = deadLetters;
        this.killSwitch = killSwitch;
    }

    @Incoming("signals")
    public Uni<Void> onSignal(ConsumerRecord<String, String> record) {
        long consumed = System.nanoTime();
        return deadLetters.decode(record, Signal.class).onItem().ifNotNull()
                .transformToUni(signal -> router.onSignal(signal, consumed));
    }

    /** Operators' kill-switch commands; consumed by the instance holding the trading lease, like orders. */
    @Incoming("kill-switch")
    public Uni<Void> onKillSwitch(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, KillSwitchCommand.class).onItem().ifNotNull().transformToUni(
                c -> killSwitch.set(c.engaged(), c.flatten(), c.reason(), c.requestedBy(), "kafka", c.eventId())
                        .replaceWithVoid());
    }

    @Incoming("order-intents")
    public Uni<Void> onIntent(ConsumerRecord<String, String> record) {
        long consumed = System.nanoTime();
        return deadLetters.decode(record, OrderIntent.class).onItem().ifNotNull()
                .transformToUni(intent -> router.onIntent(intent, consumed));
    }
}
