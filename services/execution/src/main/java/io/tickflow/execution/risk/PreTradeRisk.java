package io.tickflow.execution.risk;

import io.smallrye.mutiny.Uni;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.events.Side;
import io.tickflow.execution.ExecutionConfig;
import io.tickflow.execution.instrument.DealingRules;
import io.tickflow.execution.order.OrderRepository;
import io.tickflow.execution.order.PendingOrders;
import io.tickflow.execution.position.PositionBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an order before anything is sent: kill switch, the broker's dealing rules (size grid, min/max size, market
 * status, opening hours), notional, the position limit in the worst case (orders whose outcome is still unknown count
 * as executed for the side that makes the position larger), the daily loss limit, and the account's order rate.
 * Every decision ends up in the order's history: RISK_ACCEPTED (with any size adjustment) or RISK_REJECTED with the
 * reason.
 */
@ApplicationScoped
public class PreTradeRisk {

    /** The verdict; {@code size} is the size to trade (the asked size, or rounded onto the grid per policy). */
    public record Decision(boolean accepted, String reason, BigDecimal size) {
        static Decision accept(BigDecimal size, String note) {
            return new Decision(true, note, size);
        }

        static Decision reject(String reason) {
            return new Decision(false, reason, null);
        }
    }

    private final KillSwitch killSwitch;
    private final PositionBook positions;
    private final PendingOrders pendingOrders;
    private final ExecutionConfig config;
    private final DealingRules dealingRules;
    private final DailyLoss dailyLoss;
    private final OrderRateLimit orderRate;

    @Inject
    public PreTradeRisk(KillSwitch killSwitch, PositionBook positions, PendingOrders pendingOrders,
            ExecutionConfig config, DealingRules dealingRules, DailyLoss dailyLoss) {
        this.killSwitch = killSwitch;
        this.positions = positions;
        this.pendingOrders = pendingOrders;
        this.config = config;
        this.dealingRules = dealingRules;
        this.dailyLoss = dailyLoss;
        this.orderRate = new OrderRateLimit(config.maxOrdersPerMinute(), java.time.Duration.ofMinutes(1));
    }

    public Uni<Decision> check(String instrumentId, Side side, BigDecimal askedSize, Instant now) {
        return check(instrumentId, side, askedSize, now, null);
    }

    /**
     * As {@link #check(String, Side, BigDecimal, Instant)}, with the instrument's unresolved exposure when the caller
     * has just read it (saves a query on the signal path); null reads it here.
     */
    public Uni<Decision> check(String instrumentId, Side side, BigDecimal askedSize, Instant now,
            OrderRepository.PendingExposure knownPending) {
        KillSwitch.State ks = killSwitch.current();
        if (ks.engaged()) {
            return reject("kill switch engaged: " + ks.reason());
        }
        Optional<DealingRules.Rules> rules = dealingRules.find(instrumentId);
        if (rules.isEmpty()) {
            return reject("instrument " + instrumentId + " is not tradable");
        }
        Instrument i = rules.get().instrument();
        if (!rules.get().tradeable()) {
            return reject("MARKET_CLOSED: " + i.id() + " market status is " + rules.get().marketStatus());
        }
        if (!i.tradingHours().isOpen(now)) {
            // refused, not retried: the strategy's next signal after the open decides again
            return reject("MARKET_CLOSED: " + i.id() + " is outside its trading hours");
        }
        BigDecimal size = askedSize;
        String note = null;
        if (!i.isValidSize(size) && config.sizePolicy() == ExecutionConfig.SizePolicy.ROUND_DOWN
                && size.compareTo(i.maxSize()) <= 0) {
            size = i.floorToGrid(askedSize);
            note = "size " + askedSize.toPlainString() + " rounded down to " + size.toPlainString() + " (step "
                    + i.sizeIncrement().toPlainString() + ")";
        }
        if (!i.isValidSize(size)) {
            return reject("SIZE: " + askedSize.toPlainString() + " breaks " + i.id() + " dealing rules (min "
                    + i.minSize().toPlainString() + ", max " + i.maxSize().toPlainString() + ", step "
                    + i.sizeIncrement().toPlainString() + ")");
        }
        BigDecimal mark = positions.markOf(i.id());
        BigDecimal maxNotional = config.maxNotional().get(i.id());
        if (mark != null && maxNotional != null && size.multiply(mark).compareTo(maxNotional) > 0) {
            return reject("notional limit: " + size.multiply(mark).toPlainString() + " " + i.currency() + " over "
                    + maxNotional.toPlainString());
        }
        BigDecimal limit = config.maxPosition().get(i.id());
        if (limit == null) {
            return reject("position limit: not configured for " + i.id());
        }
        BigDecimal tradeSize = size;
        String adjustment = note;
        OrderRepository.PendingExposure pending = knownPending != null ? knownPending
                : pendingOrders.exposure(i.id());
        // orders whose outcome is unknown may all have executed, or none: both extremes must stay in the limit
        BigDecimal net = positions.netSize(i.id());
        BigDecimal high = net.add(pending.buys()).add(side == Side.BUY ? tradeSize : BigDecimal.ZERO);
        BigDecimal low = net.subtract(pending.sells()).subtract(side == Side.SELL ? tradeSize : BigDecimal.ZERO);
        if (high.compareTo(limit) > 0 || low.negate().compareTo(limit) > 0) {
            return reject("position limit: " + i.id() + " could reach "
                    + (high.compareTo(limit) > 0 ? high : low).toPlainString() + " (" + pending.orders()
                    + " orders unresolved), limit " + limit.toPlainString());
        }
        return checkDailyLoss(i.id(), side, tradeSize, net, now).map(refusal -> {
            if (refusal != null) {
                return Decision.reject(refusal);
            }
            if (!orderRate.tryAcquire(now)) {
                return Decision.reject("order rate limit: more than " + config.maxOrdersPerMinute()
                        + " orders in a minute");
            }
            return Decision.accept(tradeSize, adjustment);
        });
    }

    /** Null when the order passes; past the daily loss limit only orders that shrink a position pass. */
    private Uni<String> checkDailyLoss(String instrument, Side side, BigDecimal size, BigDecimal net, Instant now) {
        if (config.dailyLossLimit().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        boolean reducing = net.signum() != 0 && (side == Side.SELL) == (net.signum() > 0)
                && size.compareTo(net.abs()) <= 0;
        if (reducing) {
            return Uni.createFrom().nullItem();
        }
        BigDecimal limit = config.dailyLossLimit().get();
        return dailyLoss.today(now).map(pnl -> pnl.compareTo(limit.negate()) <= 0
                ? "DAILY_LOSS_LIMIT: today's P&L " + pnl.stripTrailingZeros().toPlainString() + " is at or below -"
                        + limit.toPlainString() + "; only orders that reduce " + instrument + " pass"
                : null);
    }

    private static Uni<Decision> reject(String reason) {
        return Uni.createFrom().item(Decision.reject(reason));
    }
}
