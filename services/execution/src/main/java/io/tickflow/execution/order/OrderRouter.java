package io.tickflow.execution.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.position.PositionLedger;
import io.tickflow.domain.strategy.PositionTarget;
import io.tickflow.events.Fill;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import io.tickflow.events.Signal;
import io.tickflow.events.Topic;
import io.tickflow.execution.ExecutionConfig;
import io.tickflow.execution.broker.BrokerPosition;
import io.tickflow.execution.broker.CapitalBroker;
import io.tickflow.execution.broker.ConfirmOutcome;
import io.tickflow.execution.broker.SubmitOutcome;
import io.tickflow.execution.position.PositionBook;
import io.tickflow.execution.risk.PreTradeRisk;
import io.tickflow.messaging.OutboxMessage;
import io.tickflow.messaging.Traces;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes an order from a signal or intent to one known outcome. Each state is committed (with its OrderEvent in the
 * outbox) before the step it allows: SUBMITTING is on disk before the POST leaves, so a crash mid-request is found
 * by the reconciler instead of being resent. A submit without a usable answer is never retried: it becomes UNKNOWN
 * and is resolved by reading the broker's confirms and positions ({@link OrderReconciler}).
 */
@ApplicationScoped
public class OrderRouter {

    private static final Logger LOG = Logger.getLogger(OrderRouter.class);
    private static final Duration FIRST_CONFIRM_RETRY = Duration.ofMillis(20);
    private static final Duration MAX_CONFIRM_RETRY = Duration.ofSeconds(1);

    private final OrderRepository orders;
    private final PreTradeRisk risk;
    private final CapitalBroker broker;
    private final PositionBook positions;
    private final ExecutionOutbox outbox;
    private final ExecutionConfig config;
    private final MeterRegistry registry;
    private final Timer submitLatency;
    private final PlacementTimings timings;
    private final PendingOrders pendingOrders;

    @Inject
    public OrderRouter(OrderRepository orders, PreTradeRisk risk, CapitalBroker broker, PositionBook positions,
            ExecutionOutbox outbox, ExecutionConfig config, MeterRegistry registry, PlacementTimings timings, PendingOrders pendingOrders) {
        this.timings = timings;
        this.pendingOrders = pendingOrders;
        this.orders = orders;
        this.risk = risk;
        this.broker = broker;
        this.positions = positions;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.submitLatency = Timer.builder("tickflow_order_submit_seconds")
                .description("Order request sent to broker answer").publishPercentileHistogram().register(registry);
    }

    /** Trades towards the position the signal wants: LONG = +size, SHORT = -size, FLAT = 0. */
    public Uni<Void> onSignal(Signal signal) {
        return onSignal(signal, PlacementTimings.UNKNOWN);
    }

    /** As {@link #onSignal(Signal)}; {@code consumedNanos} is when the record was read off Kafka. */
    public Uni<Void> onSignal(Signal signal, long consumedNanos) {
        positions.mark(signal.instrument(), signal.referencePrice());
        BigDecimal unit = config.orderSize().get(signal.instrument());
        if (unit == null) {
            LOG.warnf("no tickflow.execution.order-size for %s: signal %s ignored", signal.instrument(),
                    signal.eventId());
            return Uni.createFrom().voidItem();
        }
        String traceId = Traces.currentTraceId();
        String traceparent = Traces.currentTraceparent();
        // aim from where the position will be if the orders still in flight execute, so a signal repeated while an
        // order's outcome is unknown does not double the position
        OrderRepository.PendingExposure pending = pendingOrders.exposure(signal.instrument());
        BigDecimal expected = pending.expected(positions.netSize(signal.instrument()));
        BigDecimal delta = PositionTarget.delta(signal.direction(), unit, expected);
        if (delta.signum() == 0) {
            return Uni.createFrom().voidItem();
        }
        return place(Order.create(UUID.randomUUID(), signal.instrument(), delta.signum() > 0 ? Side.BUY : Side.SELL,
                delta.abs(), signal.strategyId(), signal.eventId(), traceId, traceparent, Instant.now()),
                consumedNanos, pending);
    }

    public Uni<Void> onIntent(OrderIntent intent, long consumedNanos) {
        Order order = Order.create(intent.orderId(), intent.instrument(), intent.side(), intent.size(),
                intent.strategyId(), intent.signalEventId(), Traces.currentTraceId(), Traces.currentTraceparent(),
                Instant.now());
        return place(order, consumedNanos, null);
    }

    /** {@code pending}: the instrument's unresolved exposure if the caller just read it, else null. */
    Uni<Void> place(Order order, long consumedNanos, OrderRepository.PendingExposure pending) {
        return risk.check(order.instrument(), order.side(), order.size(), order.createdAt(), pending)
                .chain(decision -> {
            Instant now = Instant.now();
            if (!decision.accepted()) {
                Order rejected = order.to(OrderStatus.RISK_REJECTED, decision.reason(), now);
                return orders.insert(List.of(order, rejected)).invoke(inserted -> {
                    if (inserted) {
                        count(order);
                        count(rejected);
                        outbox.wakeUp();
                    }
                }).replaceWithVoid();
            }
            Order sized = decision.size().compareTo(order.size()) == 0 ? order : order.withSize(decision.size());
            Order accepted = sized.to(OrderStatus.RISK_ACCEPTED, decision.reason(), now);
            Order submitting = accepted.to(OrderStatus.SUBMITTING, null, now);
            return orders.insert(List.of(sized, accepted, submitting)).chain(inserted -> {
                if (!inserted) {
                    LOG.infof("order %s (signal %s) exists already: not placed again", order.orderId(),
                            order.signalEventId());
                    return Uni.createFrom().voidItem();
                }
                pendingOrders.track(submitting);
                count(sized);
                count(accepted);
                count(submitting);
                outbox.wakeUp();
                return submit(submitting, consumedNanos);
            });
        });
    }

    /**
     * Closes the broker position {@code p} (the kill switch's flatten): a close order, past risk (it only reduces
     * exposure), sent as {@code DELETE /positions/{dealId}}. A position that already has a live close order is left
     * to it: the unique index on {@code closes_deal_id} makes the insert a no-op.
     */
    public Uni<Void> close(BrokerPosition p, String why) {
        Instant now = Instant.now();
        Order order = Order.close(p.dealId(), p.instrument(), p.side() == Side.BUY ? Side.SELL : Side.BUY, p.size(),
                "kill-switch", Traces.currentTraceId(), Traces.currentTraceparent(), now);
        Order accepted = order.to(OrderStatus.RISK_ACCEPTED, "flatten: " + why, now);
        Order submitting = accepted.to(OrderStatus.SUBMITTING, null, now);
        return orders.insert(List.of(order, accepted, submitting)).chain(inserted -> {
            if (!inserted) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("flatten: closing %s position %s (%s %s)", p.instrument(), p.dealId(), p.side(),
                    p.size().toPlainString());
            pendingOrders.track(submitting);
            count(order);
            count(accepted);
            count(submitting);
            outbox.wakeUp();
            return submit(submitting, PlacementTimings.UNKNOWN);
        });
    }

    private Uni<Void> submit(Order submitting, long consumedNanos) {
        timings.requestWritten(consumedNanos);
        long started = System.nanoTime();
        Uni<SubmitOutcome> request = submitting.isClose() ? broker.close(submitting.closesDealId())
                : broker.submit(submitting);
        return request.chain(outcome -> {
            submitLatency.record(Duration.ofNanos(System.nanoTime() - started));
            Instant now = Instant.now();
            return switch (outcome) {
                case SubmitOutcome.Sent sent -> {
                    Order submitted = submitting.withDealReference(sent.dealReference())
                            .to(OrderStatus.SUBMITTED, null, now);
                    // the confirm is a read and needs no state on disk: it runs while SUBMITTED is written, and
                    // the order's next state is written only after both
                    yield Uni.combine().all().unis(save(submitting, submitted).replaceWith(Boolean.TRUE),
                                    pollConfirm(sent.dealReference(), Instant.now().plus(config.confirmTimeout()),
                                            FIRST_CONFIRM_RETRY)).asTuple()
                            .chain(both -> settle(submitted, both.getItem2(), consumedNanos));
                }
                case SubmitOutcome.Refused refused ->
                        save(submitting, submitting.to(OrderStatus.REJECTED, refused.reason(), now));
                case SubmitOutcome.Ambiguous ambiguous ->
                        save(submitting, submitting.to(OrderStatus.UNKNOWN, ambiguous.reason(), now));
            };
        });
    }

    /**
     * The order's state after its confirm was polled until decided or the bound passed; "not found" is never read as
     * a rejection.
     */
    private Uni<Void> settle(Order submitted, ConfirmOutcome outcome, long consumedNanos) {
        return switch (outcome) {
            case ConfirmOutcome.Accepted a -> {
                timings.accepted(consumedNanos);
                yield fill(submitted, a.dealId(), a.price(), a.size(), false);
            }
            case ConfirmOutcome.Rejected r -> save(submitted, submitted.to(OrderStatus.REJECTED, r.reason(),
                    Instant.now()));
            case ConfirmOutcome.NotFound nf -> save(submitted, submitted.to(OrderStatus.UNKNOWN,
                    "confirm not found within " + config.confirmTimeout(), Instant.now()));
            case ConfirmOutcome.Unavailable u -> save(submitted, submitted.to(OrderStatus.UNKNOWN,
                    "confirm unavailable: " + u.reason(), Instant.now()));
        };
    }

    private Uni<ConfirmOutcome> pollConfirm(String dealReference, Instant deadline, Duration retryIn) {
        return broker.confirm(dealReference).chain(outcome -> {
            boolean decided = outcome instanceof ConfirmOutcome.Accepted || outcome instanceof ConfirmOutcome.Rejected;
            if (decided || Instant.now().isAfter(deadline)) {
                return Uni.createFrom().item(outcome);
            }
            Duration next = retryIn.multipliedBy(2).compareTo(MAX_CONFIRM_RETRY) > 0 ? MAX_CONFIRM_RETRY
                    : retryIn.multipliedBy(2);
            return Uni.createFrom().voidItem().onItem().delayIt().by(retryIn)
                    .chain(() -> pollConfirm(dealReference, deadline, next));
        });
    }

    /**
     * Records a fill: the order's FILLED state, the fill row, the new position, and their events, in one
     * transaction. {@code reconciliation} marks fills found by reconciling rather than by the order's own confirm.
     */
    public Uni<Void> fill(Order order, String dealId, BigDecimal price, BigDecimal size, boolean reconciliation) {
        Instant now = Instant.now();
        // a close's confirm names the closed position, whose opening fill holds that deal id already
        String fillDealId = order.isClose() ? "close:" + order.closesDealId() : dealId;
        Order filled = order.withFill(fillDealId, price).to(OrderStatus.FILLED, reconciliation ? "reconciled" : null, now);
        BigDecimal filledSize = size == null ? order.size() : size;
        Fill fill = new Fill(Fill.SCHEMA_VERSION, UUID.nameUUIDFromBytes(("fill|" + fillDealId).getBytes()), now,
                Instant.now(), order.orderId(), fillDealId, order.instrument(), order.side(), filledSize, price,
                BigDecimal.ZERO, reconciliation);
        PositionLedger ledger = positions.copyOf(order.instrument());
        ledger.apply(order.side(), filledSize, price);
        String currency = Instruments.find(order.instrument()).map(i -> i.currency()).orElse("USD");
        List<OutboxMessage> extra = List.of(OutboxMessage.of(Topic.FILLS, fill, order.traceparent()),
                OutboxMessage.of(Topic.POSITIONS, positions.snapshot(ledger, now, currency), order.traceparent()));
        return orders.pool().withTransaction(tx -> orders.update(tx, order, filled, extra)
                        .chain(() -> tx.preparedQuery("INSERT INTO execution.fills (fill_id, order_id, deal_id,"
                                        + " instrument, side, size, price, commission, reconciliation, trace_id,"
                                        + " event_time) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
                                .execute(Tuple.tuple(java.util.Arrays.asList(fill.eventId(), fill.orderId(), fillDealId,
                                        fill.instrument(), fill.side().name(), fill.size(), fill.price(),
                                        fill.commission(), reconciliation, order.traceId(),
                                        now.atOffset(ZoneOffset.UTC)))))
                        .chain(() -> positions.save(tx, ledger, now)))
                .invoke(() -> {
                    pendingOrders.track(filled);
                    positions.commit(ledger);
                    positions.mark(order.instrument(), price);
                    count(filled);
                    registry.counter("tickflow_fills_total", "instrument", order.instrument(), "reconciliation",
                            Boolean.toString(reconciliation)).increment();
                    outbox.wakeUp();
                });
    }

    /** Stores a transition with its OrderEvent and publishes it. */
    public Uni<Void> save(Order current, Order next) {
        return orders.update(current, next, List.of()).invoke(() -> {
            pendingOrders.track(next);
            count(next);
            outbox.wakeUp();
        });
    }

    private void count(Order o) {
        registry.counter("tickflow_orders_total", "instrument", o.instrument(), "status", o.status().name())
                .increment();
        // one line per order outcome for operators (in containers a JSON line whose mdc.traceId is the order's trace)
        if (o.status().terminal() || o.status() == OrderStatus.UNKNOWN) {
            LOG.infof("order %s %s: %s %s %s%s%s", o.orderId(), o.status(), o.side(), o.size().toPlainString(),
                    o.instrument(), o.dealId() == null ? "" : " deal " + o.dealId(),
                    o.reason() == null ? "" : " (" + o.reason() + ")");
        }
        // the order-placement SLI: did the broker give a definite answer to an order that left?
        if (o.status() == OrderStatus.FILLED || o.status() == OrderStatus.REJECTED) {
            registry.counter("tickflow_order_placement_total", "outcome", "answered").increment();
        } else if (o.status() == OrderStatus.UNKNOWN) {
            registry.counter("tickflow_order_placement_total", "outcome", "failed").increment();
        }
        if (o.status() == OrderStatus.REJECTED || o.status() == OrderStatus.RISK_REJECTED) {
            registry.counter("tickflow_order_rejects_total", "instrument", o.instrument(), "reason",
                    reasonCode(o.reason())).increment();
        }
    }

    /** The stable part of a reason for a metric label (no numbers or ids that would explode cardinality). */
    static String reasonCode(String reason) {
        if (reason == null) {
            return "unknown";
        }
        int cut = reason.indexOf(':');
        return (cut > 0 ? reason.substring(0, cut) : reason).replaceAll("[^A-Za-z_.\\- ]", "").trim();
    }
}
