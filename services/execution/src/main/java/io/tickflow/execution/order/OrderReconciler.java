package io.tickflow.execution.order;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.position.PositionLedger;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.execution.ExecutionConfig;
import io.tickflow.execution.broker.BrokerPosition;
import io.tickflow.execution.broker.CapitalBroker;
import io.tickflow.execution.broker.ConfirmOutcome;
import io.tickflow.execution.broker.SubmitOutcome;
import io.tickflow.execution.lease.TradingLease;
import io.tickflow.execution.position.PositionBook;
import io.tickflow.execution.risk.KillSwitch;
import io.tickflow.messaging.Outbox;
import io.tickflow.messaging.OutboxMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Resolves orders whose outcome the broker has not told us: at start-up (a crash may have left orders SUBMITTING or
 * SUBMITTED) and then periodically. Nothing here ever sends an order again. An order with a deal reference is
 * settled by its confirm; one without is matched against the broker's open positions (same epic and direction,
 * same size, opened after the order was sent, and not yet attributed to another fill). An order with no trace at
 * the broker after {@code unknown-grace} is declared REJECTED.
 */
@ApplicationScoped
public class OrderReconciler {

    private static final Logger LOG = Logger.getLogger(OrderReconciler.class);
    /** Tolerance between our clock when sending and the broker's createdDateUTC. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final OrderRepository orders;
    private final OrderRouter router;
    private final CapitalBroker broker;
    private final PositionBook positions;
    private final KillSwitch killSwitch;
    private final ExecutionConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger unresolved = new AtomicInteger();
    private final Map<String, BigDecimal> drift = new ConcurrentHashMap<>();
    private final Map<String, DriftObservation> lastDrift = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final TradingLease lease;

    @Inject
    public OrderReconciler(OrderRepository orders, OrderRouter router, CapitalBroker broker, PositionBook positions,
            KillSwitch killSwitch, ExecutionConfig config, MeterRegistry registry, TradingLease lease) {
        this.orders = orders;
        this.lease = lease;
        this.router = router;
        this.broker = broker;
        this.positions = positions;
        this.killSwitch = killSwitch;
        this.config = config;
        this.registry = registry;
        // registered up front, so the ExternalPositionChange rule has a series (at 0) before the first change
        Instruments.all().forEach(i -> registry.counter("tickflow_external_position_changes_total", "instrument",
                i.id()));
        Gauge.builder("tickflow_orders_unresolved", unresolved, AtomicInteger::get)
                .description("Orders whose outcome at the broker is not known yet").register(registry);
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        // state first: risk must see the persisted kill switch and positions before the first signal is consumed
        killSwitch.load().await().atMost(Duration.ofSeconds(30));
        positions.load().await().atMost(Duration.ofSeconds(30));
        vertx.setPeriodic(config.reconcileInterval().toMillis(), id -> runOnce());
        runOnce();
    }

    void runOnce() {
        if (!lease.held()) {
            return; // the instance holding the account's lease reconciles; a standby only watches
        }
        if (!running.compareAndSet(false, true)) {
            return;
        }
        reconcile().subscribe().with(n -> running.set(false), e -> {
            LOG.warnf("reconciliation round failed, will retry: %s", e.toString());
            running.set(false);
        });
    }

    /**
     * One round over every unresolved order; returns how many it looked at. The broker's positions are read before
     * the orders: every deal in that snapshot then belongs to an order already on disk (an order is SUBMITTING before
     * its request leaves), so no order can own a deal this round does not know the order of.
     */
    public Uni<Integer> reconcile() {
        Instant roundStart = Instant.now();
        // oldest first, like the work list: each unknown order takes the earliest unclaimed position that could be
        // its own, so look-alike orders are matched in the order they were sent
        return broker.positions().map(open -> open.stream()
                        .sorted(Comparator.comparing(BrokerPosition::createdAt)).toList())
                .chain(brokerPositions -> orders.unresolved().chain(list -> {
                    unresolved.set(list.size());
                    List<ExternalChange> external = measureDrift(brokerPositions, list);
                    return bookExternalChanges(external).chain(() -> attributedDeals(list)).chain(taken -> Multi.createFrom().iterable(withReferencesFirst(list))
                            .onItem().transformToUniAndConcatenate(o -> resolve(o, brokerPositions, taken, list, roundStart)
                                    .onFailure().invoke(e -> LOG.warnf("could not reconcile order %s: %s",
                                            o.orderId(), e.toString()))
                                    .onFailure().recoverWithNull())
                            .collect().asList()
                            .chain(() -> flattenIfAsked(brokerPositions))
                            .replaceWith(list.size()));
                }));
    }

    /**
     * The kill switch's flatten: every broker position in this round's snapshot gets a close order, unless one is
     * live already (the database refuses a second). Repeated each round, so a close the broker refused (market
     * closed) or a position that appears later is retried until the switch is released.
     */
    private Uni<Void> flattenIfAsked(List<BrokerPosition> open) {
        KillSwitch.State ks = killSwitch.current();
        if (!ks.engaged() || !ks.flatten() || open.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(open).onItem()
                .transformToUniAndConcatenate(p -> router.close(p, ks.reason())
                        .onFailure().invoke(e -> LOG.warnf("flatten: could not close %s: %s", p.dealId(), e.toString()))
                        .onFailure().recoverWithNull())
                .collect().asList().replaceWithVoid();
    }

    /** A stable difference between the broker's net position and the ledger's, to be booked. */
    private record ExternalChange(String instrument, BigDecimal brokerNet, BigDecimal ledgerNet, BigDecimal price,
            String priceBasis) {
    }

    /** What one round saw for an instrument, to tell a stable difference from one caught mid-order. */
    private record DriftObservation(BigDecimal brokerNet, BigDecimal ledgerNet, long ledgerVersion) {
    }

    /**
     * Compares the broker's net position per instrument with the ledger's, for instruments with no order in flight
     * (while one is, a difference is expected). A difference means a position was opened or closed outside
     * Tickflow (the broker's own platform, a stop, a margin close-out) or a fill was missed. One seen in two
     * consecutive rounds with neither side moving in between is returned to be booked; a single round can catch an
     * order between the broker's snapshot and the ledger.
     */
    private List<ExternalChange> measureDrift(List<BrokerPosition> open, List<Order> inFlight) {
        Map<String, BigDecimal> brokerNet = new HashMap<>();
        Map<String, BigDecimal> notional = new HashMap<>();
        for (BrokerPosition p : open) {
            brokerNet.merge(p.instrument(), p.side() == Side.BUY ? p.size() : p.size().negate(), BigDecimal::add);
            if (p.level() != null) {
                notional.merge(p.instrument(), p.level().multiply(p.size()), BigDecimal::add);
            }
        }
        Set<String> instruments = new HashSet<>(brokerNet.keySet());
        instruments.addAll(positions.all().keySet());
        List<ExternalChange> changes = new ArrayList<>();
        for (String instrument : instruments) {
            if (inFlight.stream().anyMatch(o -> o.instrument().equals(instrument))) {
                lastDrift.remove(instrument);
                continue;
            }
            BigDecimal broker = brokerNet.getOrDefault(instrument, BigDecimal.ZERO);
            BigDecimal ledger = positions.netSize(instrument);
            BigDecimal drift = broker.subtract(ledger).abs();
            if (drift.signum() != 0 && !drift.equals(this.drift.get(instrument))) {
                LOG.warnf("reconciliation drift on %s: broker net %s, ledger net %s", instrument, broker, ledger);
            }
            if (this.drift.put(instrument, drift) == null) {
                Gauge.builder("tickflow_reconciliation_drift", this.drift, m -> m.get(instrument).doubleValue())
                        .tag("instrument", instrument)
                        .description("|broker net position - ledger net position|, outside in-flight orders")
                        .register(registry);
            }
            DriftObservation now = new DriftObservation(broker, ledger, positions.version(instrument));
            DriftObservation before = drift.signum() == 0 ? lastDrift.remove(instrument)
                    : lastDrift.put(instrument, now);
            if (drift.signum() != 0 && now.equals(before)) {
                lastDrift.remove(instrument);
                BigDecimal mark = positions.markOf(instrument);
                BigDecimal grossSize = open.stream().filter(p -> p.instrument().equals(instrument))
                        .map(BrokerPosition::size).reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal price;
                String basis;
                if (mark != null) {
                    price = mark;
                    basis = "last mark";
                } else if (notional.containsKey(instrument) && grossSize.signum() > 0) {
                    price = notional.get(instrument).divide(grossSize, 10, RoundingMode.HALF_EVEN);
                    basis = "broker positions' average level";
                } else {
                    price = positions.all().get(instrument) == null ? BigDecimal.ZERO
                            : positions.all().get(instrument).averagePrice();
                    basis = "ledger average price";
                }
                if (price.signum() > 0) {
                    changes.add(new ExternalChange(instrument, broker, ledger, price, basis));
                }
            }
        }
        return changes;
    }

    /**
     * Books each external change so positions and P&amp;L follow the broker: the ledger moves by the difference at
     * the chosen price, with the change row and the new PositionSnapshot in one transaction, and the change is
     * counted for the ExternalPositionChange alert.
     */
    private Uni<Void> bookExternalChanges(List<ExternalChange> changes) {
        return Multi.createFrom().iterable(changes).onItem().transformToUniAndConcatenate(c -> {
            Instant now = Instant.now();
            BigDecimal difference = c.brokerNet().subtract(c.ledgerNet());
            PositionLedger ledger = positions.copyOf(c.instrument());
            ledger.apply(difference.signum() > 0 ? Side.BUY : Side.SELL, difference.abs(), c.price());
            String currency = Instruments.find(c.instrument())
                    .map(i -> i.currency()).orElse("USD");
            return orders.pool().withTransaction(tx -> tx.preparedQuery("INSERT INTO execution.external_changes"
                                    + " (instrument, broker_net, ledger_net, difference, price, price_basis,"
                                    + " detected_at) VALUES ($1,$2,$3,$4,$5,$6,$7)")
                            .execute(Tuple.tuple(List.of(c.instrument(), c.brokerNet(), c.ledgerNet(), difference,
                                    c.price(), c.priceBasis(), now.atOffset(ZoneOffset.UTC))))
                            .chain(() -> positions.save(tx, ledger, now))
                            .chain(() -> Outbox.append(tx, OrderRepository.SCHEMA,
                                    List.of(OutboxMessage.of(Topic.POSITIONS,
                                            positions.snapshot(ledger, now, currency))))))
                    .invoke(() -> {
                        positions.commit(ledger);
                        registry.counter("tickflow_external_position_changes_total", "instrument", c.instrument())
                                .increment();
                        LOG.warnf("position on %s changed outside Tickflow: broker net %s, ledger net %s; booked %s"
                                        + " at %s (%s)", c.instrument(), c.brokerNet(), c.ledgerNet(),
                                difference.toPlainString(), c.price().toPlainString(), c.priceBasis());
                    })
                    .onFailure().invoke(e -> LOG.warnf("could not book the external change on %s: %s",
                            c.instrument(), e.toString()))
                    .onFailure().recoverWithNull();
        }).collect().asList().replaceWithVoid();
    }

    private Uni<Void> resolve(Order o, List<BrokerPosition> brokerPositions, Set<String> taken, List<Order> all,
            Instant roundStart) {
        Instant now = Instant.now();
        Instant sentAt = sentAt(o);
        boolean young = Duration.between(sentAt, now).compareTo(config.confirmTimeout()) < 0;
        if (o.isClose()) {
            return resolveClose(o, brokerPositions, young, now);
        }
        if (o.status() == OrderStatus.SUBMITTING) {
            if (young) {
                return Uni.createFrom().voidItem(); // still in flight in this process
            }
            return router.save(o, o.to(OrderStatus.UNKNOWN, "no answer to submit (restart or lost response)", now));
        }
        if (o.dealReference() != null) {
            if (o.status() == OrderStatus.SUBMITTED && young) {
                return Uni.createFrom().voidItem(); // the router is still polling its confirm
            }
            return broker.confirm(o.dealReference()).chain(c -> switch (c) {
                case ConfirmOutcome.Accepted a -> {
                    taken.add(a.dealId());
                    yield router.fill(o, a.dealId(), a.price(), a.size(), o.status() == OrderStatus.UNKNOWN);
                }
                case ConfirmOutcome.Rejected r -> router.save(o, o.to(OrderStatus.REJECTED, r.reason(), now));
                case ConfirmOutcome.NotFound nf when o.status() == OrderStatus.UNKNOWN
                        && Duration.between(sentAt, now).compareTo(config.unknownGrace()) > 0 ->
                        // confirms have said "not found" past the grace: the positions and the activity history,
                        // which also lists deals closed since, decide instead
                        matchAtBroker(o, brokerPositions, taken, all, sentAt, now, roundStart);
                default -> o.status() == OrderStatus.SUBMITTED
                        ? router.save(o, o.to(OrderStatus.UNKNOWN, "confirm not found", now))
                        : Uni.createFrom().voidItem();
            });
        }
        return matchAtBroker(o, brokerPositions, taken, all, sentAt, now, roundStart);
    }

    /**
     * An order whose own answer cannot settle it: matched against the broker's open positions, then (past the grace)
     * its activity history, which still lists a deal that opened and was closed since (a stop, a close-out). Only a
     * deal no other order could own is taken; with no trace anywhere after the grace the order is REJECTED.
     */
    private Uni<Void> matchAtBroker(Order o, List<BrokerPosition> brokerPositions, Set<String> taken,
            List<Order> all, Instant sentAt, Instant now, Instant roundStart) {
        // No reference: only the broker's positions can tell. A look-alike order whose outcome may still come from
        // its own answer or confirm (in flight, or waiting for a confirm) could own any candidate deal: wait for it.
        boolean lookAlikePending = all.stream().anyMatch(other -> other != o && !other.isClose()
                && (other.status() != OrderStatus.UNKNOWN || other.dealReference() != null)
                && other.instrument().equals(o.instrument()) && other.side() == o.side()
                && other.size().compareTo(o.size()) == 0);
        if (!lookAlikePending) {
            for (BrokerPosition p : brokerPositions) {
                if (!taken.contains(p.dealId()) && p.instrument().equals(o.instrument()) && p.side() == o.side()
                        && p.size().compareTo(o.size()) == 0 && !p.createdAt().isBefore(sentAt.minus(CLOCK_SKEW))) {
                    taken.add(p.dealId());
                    LOG.infof("order %s found at the broker as position %s", o.orderId(), p.dealId());
                    return router.fill(o, p.dealId(), p.level(), p.size(), true);
                }
            }
        }
        if (Duration.between(sentAt, now).compareTo(config.unknownGrace()) > 0 && !lookAlikePending) {
            return broker.openedAndClosedSince(o.instrument(), sentAt.minus(CLOCK_SKEW)).chain(history -> {
                for (BrokerPosition p : history) {
                    // the history is read after this round's order list: a deal made since may be the deal of an
                    // order that list does not have yet, so only deals older than the round (and the skew) count
                    boolean beforeRound = p.createdAt() != null
                            && p.createdAt().isBefore(roundStart.minus(CLOCK_SKEW));
                    if (beforeRound && !taken.contains(p.dealId()) && p.side() == o.side()
                            && p.size().compareTo(o.size()) == 0) {
                        taken.add(p.dealId());
                        LOG.infof("order %s found in the broker's activity history as deal %s (closed since)",
                                o.orderId(), p.dealId());
                        return router.fill(o, p.dealId(), p.level(), p.size(), true);
                    }
                }
                return router.save(o, o.to(OrderStatus.REJECTED, "reconciled: no position and no executed deal in"
                        + " the activity history " + config.unknownGrace() + " after sending", now));
            });
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A close order (flatten) is settled by whether its deal is still open: closing by deal id is safe to repeat, so
     * an unanswered close is simply sent again while the position is there, and filled at the level the activity
     * history gives (or the last mark) once it is gone.
     */
    private Uni<Void> resolveClose(Order o, List<BrokerPosition> open, boolean young, Instant now) {
        if (young && (o.status() == OrderStatus.SUBMITTING || o.status() == OrderStatus.SUBMITTED)) {
            return Uni.createFrom().voidItem(); // the router is still on it
        }
        if (o.status() == OrderStatus.SUBMITTING) {
            return router.save(o, o.to(OrderStatus.UNKNOWN, "no answer to close (restart or lost response)", now));
        }
        Uni<Boolean> settled = o.dealReference() == null ? Uni.createFrom().item(false)
                : broker.confirm(o.dealReference()).chain(c -> switch (c) {
                    case ConfirmOutcome.Accepted a -> router.fill(o, a.dealId(), a.price(), o.size(), true)
                            .replaceWith(true);
                    case ConfirmOutcome.Rejected r -> router.save(o, o.to(OrderStatus.REJECTED, r.reason(), now))
                            .replaceWith(true);
                    default -> o.status() == OrderStatus.SUBMITTED
                            ? router.save(o, o.to(OrderStatus.UNKNOWN, "close confirm not found", now))
                                    .replaceWith(true)
                            : Uni.createFrom().item(false);
                });
        return settled.chain(done -> {
            if (done) {
                return Uni.createFrom().voidItem();
            }
            boolean stillOpen = open.stream().anyMatch(p -> p.dealId().equals(o.closesDealId()));
            if (stillOpen) {
                return broker.close(o.closesDealId()).chain(outcome -> outcome instanceof SubmitOutcome.Sent sent
                        ? router.save(o, o.withDealReference(sent.dealReference()).to(OrderStatus.SUBMITTED,
                                "close sent again", Instant.now()))
                        : Uni.createFrom().voidItem());
            }
            return broker.closeLevel(o.closesDealId(), o.instrument(), sentAt(o).minus(CLOCK_SKEW)).chain(level -> {
                BigDecimal price = level.orElse(positions.markOf(o.instrument()));
                if (price == null) {
                    return Uni.createFrom().voidItem(); // no price yet: the next round has a mark or the history
                }
                return router.fill(o, o.closesDealId(), price, o.size(), true);
            });
        });
    }

    /** Orders that can be settled by their own confirm go first: their deals are then out of the matching pool. */
    private static List<Order> withReferencesFirst(List<Order> list) {
        return list.stream().sorted(Comparator.comparing((Order o) -> o.dealReference() == null)
                .thenComparing(OrderReconciler::sentAt)).toList();
    }

    private static Instant sentAt(Order o) {
        return o.submittedAt() == null ? o.createdAt() : o.submittedAt();
    }

    private Uni<Set<String>> attributedDeals(List<Order> unresolved) {
        if (unresolved.isEmpty()) {
            // the usual round: nothing to match, so no reason to read every fill's deal id (a table that only grows)
            return Uni.createFrom().item(Set.of());
        }
        return orders.pool().preparedQuery("SELECT deal_id FROM execution.fills").execute(Tuple.tuple())
                .map(rs -> {
                    Set<String> ids = new HashSet<>();
                    rs.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }
}
