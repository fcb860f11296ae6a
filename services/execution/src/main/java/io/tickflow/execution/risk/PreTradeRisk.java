package io.tickflow.execution.risk;

import io.smallrye.mutiny.Uni;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.events.Side;
import io.tickflow.execution.ExecutionConfig;
import io.tickflow.execution.order.OrderRepository;
import io.tickflow.execution.position.PositionBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an order before anything is sent: kill switch, instrument and size rules, trading hours, notional, the
 * position limit in the worst case (orders whose outcome is still unknown count as executed for the side that makes
 * the position larger), and the account's order rate.
 */
@ApplicationScoped
public class PreTradeRisk {

    public record Decision(boolean accepted, String reason) {
        static Decision accept() {
            return new Decision(true, null);
        }

        static Decision reject(String reason) {
            return new Decision(false, reason);
        }
    }

    private final KillSwitch killSwitch;
    private final PositionBook positions;
    private final OrderRepository orders;
    private final ExecutionConfig config;
    private final OrderRateLimit orderRate;

    @Inject
    public PreTradeRisk(KillSwitch killSwitch, PositionBook positions, OrderRepository orders, ExecutionConfig config) {
        this.killSwitch = killSwitch;
        this.positions = positions;
        this.orders = orders;
        this.config = config;
        this.orderRate = new OrderRateLimit(config.maxOrdersPerMinute(), java.time.Duration.ofMinutes(1));
    }

    public Uni<Decision> check(String instrumentId, Side side, BigDecimal size, Instant now) {
        KillSwitch.State ks = killSwitch.current();
        if (ks.engaged()) {
            return Uni.createFrom().item(Decision.reject("kill switch engaged: " + ks.reason()));
        }
        Optional<Instrument> instrument = Instruments.find(instrumentId);
        if (instrument.isEmpty()) {
            return Uni.createFrom().item(Decision.reject("instrument " + instrumentId + " is not tradable"));
        }
        Instrument i = instrument.get();
        if (!i.isValidSize(size)) {
            return Uni.createFrom().item(Decision.reject("size " + size.toPlainString() + " breaks " + i.id()
                    + " rules (min " + i.minSize() + ", max " + i.maxSize() + ", step " + i.sizeIncrement() + ")"));
        }
        if (!i.tradingHours().isOpen(now)) {
            return Uni.createFrom().item(Decision.reject("MARKET_CLOSED: " + i.id() + " is outside its trading hours"));
        }
        BigDecimal mark = positions.markOf(i.id());
        BigDecimal maxNotional = config.maxNotional().get(i.id());
        if (mark != null && maxNotional != null && size.multiply(mark).compareTo(maxNotional) > 0) {
            return Uni.createFrom().item(Decision.reject("notional limit: " + size.multiply(mark).toPlainString()
                    + " " + i.currency() + " over " + maxNotional.toPlainString()));
        }
        BigDecimal limit = config.maxPosition().get(i.id());
        if (limit == null) {
            return Uni.createFrom().item(Decision.reject("position limit: not configured for " + i.id()));
        }
        return orders.pendingExposure(i.id()).map(pending -> {
            // orders whose outcome is unknown may all have executed, or none: both extremes must stay in the limit
            BigDecimal net = positions.netSize(i.id());
            BigDecimal high = net.add(pending.buys()).add(side == Side.BUY ? size : BigDecimal.ZERO);
            BigDecimal low = net.subtract(pending.sells()).subtract(side == Side.SELL ? size : BigDecimal.ZERO);
            if (high.compareTo(limit) > 0 || low.negate().compareTo(limit) > 0) {
                return Decision.reject("position limit: " + i.id() + " could reach "
                        + (high.compareTo(limit) > 0 ? high : low).toPlainString() + " (" + pending.orders()
                        + " orders unresolved), limit " + limit.toPlainString());
            }
            if (!orderRate.tryAcquire(now)) {
                return Decision.reject("order rate limit: more than " + config.maxOrdersPerMinute()
                        + " orders in a minute");
            }
            return Decision.accept();
        });
    }
}
