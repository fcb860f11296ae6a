package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.simulators.capital.Deals.Activity;
import io.tickflow.simulators.capital.Deals.ActivityDetails;
import io.tickflow.simulators.capital.Deals.AffectedDeal;
import io.tickflow.simulators.capital.Deals.Confirmation;
import io.tickflow.simulators.capital.Deals.Position;
import io.tickflow.simulators.capital.Deals.Transaction;
import io.tickflow.simulators.capital.Deals.WorkingOrder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The dealing side of the simulated broker: accounts, positions, working orders, confirmations, activity and transactions.
 *
 * <p>Deals fill at the current quote (BUY at the ask, SELL at the bid) with no slippage. Positions never net against each other
 * (the simulator behaves like a hedging account whatever {@code hedgingMode} says) and stops and working orders never trigger:
 * the platform under test closes positions itself. Everything is guarded by the desk's monitor; REST handlers call in from
 * several event loops.
 */
final class TradingDesk {

    static final String SUCCESS = "SUCCESS";
    static final String MARKET_CLOSED = "MARKET_CLOSED";
    static final String MINIMUM_ORDER_SIZE_ERROR = "MINIMUM_ORDER_SIZE_ERROR";
    static final String SIZE_INCREMENT = "SIZE_INCREMENT";

    private final CapitalTime time;
    private final Map<String, SimulatedInstrument> instruments;
    private final Map<String, Account> accountsById = new LinkedHashMap<>();
    private final Map<String, Confirmation> confirmationsByReference = new LinkedHashMap<>();
    /** Ids and references are drawn from the seed too, so a replayed run produces the same deal references. */
    private final SplittableRandom idRandom;
    private final String dealIdPrefix;
    private long dealSequence;

    TradingDesk(CapitalComSimulatorConfig config, CapitalTime time, Map<String, SimulatedInstrument> instruments) {
        this.time = time;
        this.instruments = instruments;
        this.idRandom = new SplittableRandom(config.seed() * 31 + 17);
        this.dealIdPrefix = String.format("%08x-0001-54c4-0000-", idRandom.nextInt() & 0x7fffffff);
        this.dealSequence = 0x80560000L;
        addAccount(new Account("10000000000000001", "USD", true, config.accountBalance()));
        addAccount(new Account("10000000000000002", "Second account", false, config.accountBalance()));
    }

    private void addAccount(Account account) {
        accountsById.put(account.accountId, account);
    }

    /** The simulated client's two accounts, preferred first. */
    synchronized List<Account> accounts() {
        return List.copyOf(accountsById.values());
    }

    String preferredAccountId() {
        return accountsById.values().iterator().next().accountId;
    }

    synchronized Account account(String accountId) {
        Account account = accountsById.get(accountId);
        if (account == null) {
            throw ApiError.badRequest("error.invalid.accountId");
        }
        return account;
    }

    SimulatedInstrument instrument(String epic) {
        if (epic == null || epic.isBlank()) {
            throw ApiError.badRequest("error.null.epic");
        }
        SimulatedInstrument instrument = instruments.get(epic);
        if (instrument == null) {
            throw ApiError.notFound("error.not-found.epic");
        }
        return instrument;
    }

    // ---------------------------------------------------------------- positions

    record DealTicket(String epic, Direction direction, BigDecimal size, JsonNode body) {
    }

    /**
     * {@code POST /positions}: validates what Capital.com answers with a 400 straight away (stop levels, maximum size), then
     * books either a position (confirm ACCEPTED) or a rejection (confirm REJECTED with the reason), and returns the order's
     * {@code o_} reference. A 200 therefore does not mean a position was opened, as on the real API.
     */
    synchronized String openPosition(String accountId, DealTicket ticket, Instant now) {
        Account account = account(accountId);
        SimulatedInstrument instrument = instrument(ticket.epic());
        InstrumentSpec spec = instrument.spec;
        SimulatedQuote quote = instrument.lastQuote();
        checkMaximumSize(spec, ticket.size());
        BigDecimal closingPrice = ticket.direction() == Direction.BUY ? quote.bid() : quote.ofr();
        StopRules.Stops stops = StopRules.resolve(ticket.body(), spec, ticket.direction(), ticket.size(), closingPrice);

        String dealReference = "o_" + nextUuid();
        String orderDealId = nextDealId();
        String rejection = rejectionReason(instrument, ticket.size(), now);
        if (rejection != null) {
            recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), null, rejection, "REJECTED", spec.epic(),
                    dealReference, orderDealId, List.of(), null, ticket.size(), ticket.direction(), stops.guaranteedStop(),
                    stops.trailingStop(), null, null, null, null));
            account.activities.add(activity(now, spec, orderDealId, "POSITION", "REJECTED",
                    new ActivityDetails(dealReference, spec.name(), spec.currency(), ticket.size(), ticket.direction(), null,
                            null, null, stops.guaranteedStop())));
            return dealReference;
        }
        BigDecimal fillLevel = ticket.direction() == Direction.BUY ? quote.ofr() : quote.bid();
        Position position = new Position(nextDealId(), orderDealId, spec.epic(), ticket.direction(), ticket.size(), fillLevel, now,
                stops.guaranteedStop(), stops.trailingStop(), stops.stopLevel(), stops.profitLevel());
        account.positions.put(position.dealId(), position);
        recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), "OPEN", SUCCESS, "ACCEPTED", spec.epic(), dealReference,
                orderDealId, List.of(new AffectedDeal(position.dealId(), "OPENED")), fillLevel, ticket.size(),
                ticket.direction(), position.guaranteedStop(), position.trailingStop(), position.stopLevel(),
                position.profitLevel(), null, null));
        account.activities.add(activity(now, spec, position.dealId(), "POSITION", "ACCEPTED", details(position, spec, fillLevel,
                ticket.direction())));
        return dealReference;
    }

    /** Reasons Capital.com reports in the confirmation rather than as an HTTP error. */
    private static String rejectionReason(SimulatedInstrument instrument, BigDecimal size, Instant now) {
        InstrumentSpec spec = instrument.spec;
        if (instrument.status(now) != MarketStatus.TRADEABLE) {
            return MARKET_CLOSED;
        }
        if (size.compareTo(spec.minDealSize()) < 0) {
            return MINIMUM_ORDER_SIZE_ERROR;
        }
        if (size.remainder(spec.minSizeIncrement()).signum() != 0) {
            return SIZE_INCREMENT;
        }
        return null;
    }

    private static void checkMaximumSize(InstrumentSpec spec, BigDecimal size) {
        if (size.signum() <= 0) {
            throw ApiError.badRequest("error.invalid.size");
        }
        if (size.compareTo(spec.maxDealSize()) > 0) {
            throw ApiError.badRequest("error.invalid.size.maxvalue: " + spec.maxDealSize().toPlainString());
        }
    }

    synchronized List<Position> positions(String accountId) {
        return List.copyOf(account(accountId).positions.values());
    }

    synchronized Position position(String accountId, String dealId) {
        Position position = account(accountId).positions.get(dealId);
        if (position == null) {
            throw ApiError.notFound("error.not-found.dealId");
        }
        return position;
    }

    /** {@code DELETE /positions/{dealId}}: closes the whole position at the current bid (BUY) or ask (SELL). */
    synchronized String closePosition(String accountId, String dealId, Instant now) {
        Account account = account(accountId);
        Position position = position(accountId, dealId);
        SimulatedInstrument instrument = instrument(position.epic());
        InstrumentSpec spec = instrument.spec;
        Direction closingDirection = position.direction().opposite();
        if (instrument.status(now) != MarketStatus.TRADEABLE) {
            recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), null, MARKET_CLOSED, "REJECTED", spec.epic(),
                    position.dealReference(), dealId, List.of(), null, position.size(), closingDirection,
                    position.guaranteedStop(), position.trailingStop(), null, null, null, null));
            return position.dealReference();
        }
        SimulatedQuote quote = instrument.lastQuote();
        BigDecimal closeLevel = position.direction() == Direction.BUY ? quote.bid() : quote.ofr();
        BigDecimal profit = profitAndLoss(position, closeLevel);
        account.positions.remove(dealId);
        account.balance = account.balance.add(profit);
        recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), "CLOSED", SUCCESS, "ACCEPTED", spec.epic(),
                position.dealReference(), dealId, List.of(new AffectedDeal(dealId, "FULLY_CLOSED")), closeLevel,
                position.size(), closingDirection, position.guaranteedStop(), position.trailingStop(), null, null, profit,
                spec.currency()));
        account.activities.add(activity(now, spec, dealId, "POSITION", "ACCEPTED",
                details(position, spec, closeLevel, closingDirection)));
        account.transactions.add(new Transaction(time.localMillis(now), CapitalTime.utcMillis(now), spec.epic(), "TRADE",
                "Trade closed", dealId, profit.toPlainString(), spec.currency(), now));
        return position.dealReference();
    }

    /** {@code PUT /positions/{dealId}}: replaces stop and limit. */
    synchronized String amendPosition(String accountId, String dealId, JsonNode body, Instant now) {
        Account account = account(accountId);
        Position position = position(accountId, dealId);
        InstrumentSpec spec = instrument(position.epic()).spec;
        SimulatedQuote quote = instrument(position.epic()).lastQuote();
        BigDecimal closingPrice = position.direction() == Direction.BUY ? quote.bid() : quote.ofr();
        StopRules.Stops stops = StopRules.resolve(body, spec, position.direction(), position.size(), closingPrice);
        Position amended = position.withStops(stops);
        account.positions.put(dealId, amended);
        recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), "AMENDED", SUCCESS, "ACCEPTED", spec.epic(),
                amended.dealReference(), dealId, List.of(new AffectedDeal(dealId, "AMENDED")), amended.level(),
                amended.size(), amended.direction(), amended.guaranteedStop(), amended.trailingStop(), amended.stopLevel(),
                amended.profitLevel(), null, null));
        account.activities.add(activity(now, spec, dealId, "EDIT_STOP_AND_LIMIT", "ACCEPTED",
                details(amended, spec, amended.level(), amended.direction())));
        return amended.dealReference();
    }

    /** Unrealised (or, at a close level, realised) profit in the instrument's currency, rounded to cents. */
    static BigDecimal profitAndLoss(Position position, BigDecimal exitLevel) {
        BigDecimal perUnit = position.direction() == Direction.BUY ? exitLevel.subtract(position.level())
                : position.level().subtract(exitLevel);
        return perUnit.multiply(position.size()).setScale(2, RoundingMode.HALF_EVEN);
    }

    // ---------------------------------------------------------------- working orders

    record WorkingOrderTicket(String epic, Direction direction, BigDecimal size, BigDecimal level, String orderType,
            Instant goodTillDate, JsonNode body) {
    }

    synchronized String createWorkingOrder(String accountId, WorkingOrderTicket ticket, Instant now) {
        Account account = account(accountId);
        SimulatedInstrument instrument = instrument(ticket.epic());
        InstrumentSpec spec = instrument.spec;
        checkMaximumSize(spec, ticket.size());
        if (ticket.goodTillDate() != null && !ticket.goodTillDate().isAfter(now)) {
            throw ApiError.badRequest("error.not-in-future.goodTillDate");
        }
        StopRules.Stops stops = StopRules.resolve(ticket.body(), spec, ticket.direction(), ticket.size(), ticket.level());
        String dealReference = "o_" + nextUuid();
        String rejection = rejectionReason(instrument, ticket.size(), now);
        if (rejection != null) {
            recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), null, rejection, "REJECTED", spec.epic(),
                    dealReference, nextDealId(), List.of(), ticket.level(), ticket.size(), ticket.direction(),
                    stops.guaranteedStop(), stops.trailingStop(), null, null, null, null));
            return dealReference;
        }
        WorkingOrder order = new WorkingOrder(nextDealId(), spec.epic(), ticket.direction(), ticket.size(), ticket.level(),
                ticket.orderType(), ticket.goodTillDate(), now, stops);
        account.workingOrders.put(order.dealId(), order);
        recordWorkingOrderConfirmation(order, dealReference, "OPEN", "OPENED", now);
        account.activities.add(activity(now, spec, order.dealId(), "WORKING_ORDER", "ACCEPTED",
                workingOrderDetails(order, spec, dealReference)));
        return dealReference;
    }

    synchronized String amendWorkingOrder(String accountId, String dealId, JsonNode body, Instant now) {
        Account account = account(accountId);
        WorkingOrder order = workingOrder(account, dealId);
        InstrumentSpec spec = instrument(order.epic()).spec;
        BigDecimal level = Json.decimal(body, "level", "error.invalid.level");
        String goodTillText = Json.text(body, "goodTillDate");
        Instant goodTill = goodTillText == null ? order.goodTillDate()
                : CapitalTime.parseQueryDate(goodTillText, "error.invalid.goodTillDate");
        if (goodTillText != null && !goodTill.isAfter(now)) {
            throw ApiError.badRequest("error.not-in-future.goodTillDate");
        }
        BigDecimal newLevel = level == null ? order.level() : level;
        StopRules.Stops stops = StopRules.resolve(body, spec, order.direction(), order.size(), newLevel);
        WorkingOrder amended = new WorkingOrder(dealId, order.epic(), order.direction(), order.size(), newLevel,
                order.orderType(), goodTill, order.createdAt(), stops);
        account.workingOrders.put(dealId, amended);
        String dealReference = "o_" + nextUuid();
        recordWorkingOrderConfirmation(amended, dealReference, "AMENDED", "AMENDED", now);
        account.activities.add(activity(now, spec, dealId, "WORKING_ORDER", "MODIFIED",
                workingOrderDetails(amended, spec, dealReference)));
        return dealReference;
    }

    synchronized String deleteWorkingOrder(String accountId, String dealId, Instant now) {
        Account account = account(accountId);
        WorkingOrder order = workingOrder(account, dealId);
        InstrumentSpec spec = instrument(order.epic()).spec;
        account.workingOrders.remove(dealId);
        String dealReference = "o_" + nextUuid();
        recordWorkingOrderConfirmation(order, dealReference, "DELETED", "DELETED", now);
        account.activities.add(activity(now, spec, dealId, "WORKING_ORDER", "CANCELLED",
                workingOrderDetails(order, spec, dealReference)));
        return dealReference;
    }

    synchronized List<WorkingOrder> workingOrders(String accountId) {
        return List.copyOf(account(accountId).workingOrders.values());
    }

    private static WorkingOrder workingOrder(Account account, String dealId) {
        WorkingOrder order = account.workingOrders.get(dealId);
        if (order == null) {
            throw ApiError.notFound("error.not-found.dealId");
        }
        return order;
    }

    private void recordWorkingOrderConfirmation(WorkingOrder order, String dealReference, String status, String affectedStatus,
            Instant now) {
        recordConfirmation(new Confirmation(CapitalTime.utcMillis(now), status, SUCCESS, "ACCEPTED", order.epic(), dealReference,
                order.dealId(), List.of(new AffectedDeal(order.dealId(), affectedStatus)), order.level(), order.size(),
                order.direction(), order.stops().guaranteedStop(), order.stops().trailingStop(), order.stops().stopLevel(),
                order.stops().profitLevel(), null, null));
    }

    private static ActivityDetails workingOrderDetails(WorkingOrder order, InstrumentSpec spec, String dealReference) {
        return new ActivityDetails(dealReference, spec.name(), spec.currency(), order.size(), order.direction(), order.level(),
                order.stops().stopLevel(), order.stops().profitLevel(), order.stops().guaranteedStop());
    }

    // ---------------------------------------------------------------- confirmations, activity, transactions

    private void recordConfirmation(Confirmation confirmation) {
        confirmationsByReference.put(confirmation.dealReference(), confirmation);
    }

    /** The latest confirmation for a reference ({@code p_} references are reused by closes and amendments), or null. */
    synchronized Confirmation confirmation(String dealReference) {
        return confirmationsByReference.get(dealReference);
    }

    private Activity activity(Instant now, InstrumentSpec spec, String dealId, String type, String status,
            ActivityDetails details) {
        return new Activity(time.localMillis(now), CapitalTime.utcMillis(now), spec.epic(), dealId, "USER", type, status, details,
                now);
    }

    private static ActivityDetails details(Position position, InstrumentSpec spec, BigDecimal level, Direction direction) {
        return new ActivityDetails(position.dealReference(), spec.name(), spec.currency(), position.size(), direction, level,
                position.stopLevel(), position.profitLevel(), position.guaranteedStop());
    }

    /** Activities with {@code from <= at <= to}, newest first, as Capital.com lists them. */
    synchronized List<Activity> activities(String accountId, Instant from, Instant to) {
        List<Activity> selected = new ArrayList<>();
        List<Activity> all = account(accountId).activities;
        for (int i = all.size() - 1; i >= 0; i--) {
            Activity activity = all.get(i);
            if (!activity.at().isBefore(from) && !activity.at().isAfter(to)) {
                selected.add(activity);
            }
        }
        return selected;
    }

    synchronized List<Transaction> transactions(String accountId, Instant from, Instant to) {
        List<Transaction> selected = new ArrayList<>();
        List<Transaction> all = account(accountId).transactions;
        for (int i = all.size() - 1; i >= 0; i--) {
            Transaction transaction = all.get(i);
            if (!transaction.at().isBefore(from) && !transaction.at().isAfter(to)) {
                selected.add(transaction);
            }
        }
        return selected;
    }

    synchronized int openPositionCount() {
        return accountsById.values().stream().mapToInt(account -> account.positions.size()).sum();
    }

    /** {@code accountInfo} / {@code balance} blocks: available = balance + open P&L - margin of the open positions. */
    record Funds(BigDecimal balance, BigDecimal deposit, BigDecimal profitLoss, BigDecimal available) {
    }

    synchronized Funds funds(String accountId) {
        Account account = account(accountId);
        BigDecimal profitLoss = BigDecimal.ZERO.setScale(2);
        BigDecimal margin = BigDecimal.ZERO;
        for (Position position : account.positions.values()) {
            SimulatedInstrument instrument = instrument(position.epic());
            SimulatedQuote quote = instrument.lastQuote();
            profitLoss = profitLoss.add(profitAndLoss(position, position.direction() == Direction.BUY ? quote.bid() : quote.ofr()));
            margin = margin.add(position.level().multiply(position.size())
                    .multiply(instrument.spec.marginFactorPercent()).movePointLeft(2));
        }
        BigDecimal available = account.balance.add(profitLoss).subtract(margin).setScale(2, RoundingMode.HALF_EVEN);
        return new Funds(account.balance, account.deposit, profitLoss, available);
    }

    synchronized AccountPreferences.View preferences(String accountId) {
        return account(accountId).preferences.view();
    }

    synchronized void updatePreferences(String accountId, JsonNode body) {
        account(accountId).preferences.update(body);
    }

    synchronized int leverage(String accountId, String instrumentType) {
        return account(accountId).preferences.leverage(instrumentType);
    }

    private String nextDealId() {
        dealSequence++;
        return dealIdPrefix + String.format("%012x", dealSequence);
    }

    private UUID nextUuid() {
        long most = (idRandom.nextLong() & ~0xF000L) | 0x4000L;
        long least = (idRandom.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    /** One trading account of the simulated client. Only touched under the desk's monitor. */
    static final class Account {
        final String accountId;
        final String accountName;
        final boolean preferred;
        final BigDecimal deposit;
        BigDecimal balance;
        final Map<String, Position> positions = new LinkedHashMap<>();
        final Map<String, WorkingOrder> workingOrders = new LinkedHashMap<>();
        final List<Activity> activities = new ArrayList<>();
        final List<Transaction> transactions = new ArrayList<>();
        final AccountPreferences preferences = new AccountPreferences();

        Account(String accountId, String accountName, boolean preferred, BigDecimal balance) {
            this.accountId = accountId;
            this.accountName = accountName;
            this.preferred = preferred;
            this.deposit = balance;
            this.balance = balance;
        }
    }
}
