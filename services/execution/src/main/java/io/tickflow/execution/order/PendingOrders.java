package io.tickflow.execution.order;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orders whose outcome at the broker is not settled (SUBMITTING, SUBMITTED, UNKNOWN), in memory, so risk and
 * sizing read the exposure they may add without a query on the order path. It can be exact without asking the
 * database because only the instance holding the trading lease writes orders, and every write goes through
 * {@link OrderRouter}, which reports it here after the commit; the set is reloaded from the database whenever the
 * lease is (re)acquired, before any order channel resumes.
 */
@ApplicationScoped
public class PendingOrders {

    private final OrderRepository orders;
    private final Map<UUID, Order> pending = new ConcurrentHashMap<>();

    @Inject
    public PendingOrders(OrderRepository orders, MeterRegistry registry) {
        this.orders = orders;
        Gauge.builder("tickflow_orders_pending", pending, Map::size)
                .description("Orders sent or being sent whose outcome is not settled yet").register(registry);
    }

    /** Replaces the set with the database's unresolved orders. */
    public Uni<Void> reload() {
        return orders.unresolved().invoke(list -> {
            pending.clear();
            list.forEach(this::track);
        }).replaceWithVoid();
    }

    /** Records a committed version of an order: kept while unsettled, dropped once settled. */
    public void track(Order o) {
        if (o.status() == OrderStatus.SUBMITTING || o.status() == OrderStatus.SUBMITTED
                || o.status() == OrderStatus.UNKNOWN) {
            pending.merge(o.orderId(), o, (known, next) -> next.sequence() >= known.sequence() ? next : known);
        } else {
            pending.remove(o.orderId());
        }
    }

    /** Sizes of the unsettled orders on {@code instrument}, by side. */
    public OrderRepository.PendingExposure exposure(String instrument) {
        BigDecimal buys = BigDecimal.ZERO;
        BigDecimal sells = BigDecimal.ZERO;
        long n = 0;
        for (Order o : pending.values()) {
            if (o.instrument().equals(instrument)) {
                n++;
                if (o.side() == Side.BUY) {
                    buys = buys.add(o.size());
                } else {
                    sells = sells.add(o.size());
                }
            }
        }
        return new OrderRepository.PendingExposure(buys, sells, n);
    }
}
