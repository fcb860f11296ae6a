package io.tickflow.backtest.engine;

import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.instrument.PriceUnits;
import io.tickflow.domain.strategy.Decision;
import io.tickflow.domain.strategy.PositionTarget;
import io.tickflow.domain.strategy.Strategy;
import io.tickflow.domain.strategy.StrategyRunner;
import io.tickflow.events.SignalDirection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Replays ticks in event-time order through the strategy the signals service runs ({@link StrategyRunner}), trades
 * each decision the way execution does ({@link PositionTarget}) with Capital.com's costs ({@link CostModel}), and
 * accounts for it exactly. One instance per run: feed it {@link TickColumns} blocks, then read {@link #report()}.
 * No wall clock, no randomness: the same settings and ticks give the same report, byte for byte.
 *
 * <h2>Accounting (what the tests check by hand)</h2>
 * <ul>
 * <li>Money is a {@code long} count of 10^-{@value #AMOUNT_SCALE} of the account currency inside the loop, so every
 * product size x price is exact; it leaves as BigDecimal at that scale. All instruments must be in one currency
 * (USD for both we trade); there is no FX conversion yet.</li>
 * <li>Fills: a market BUY at the ask + slippage, a SELL at the bid - slippage, at the first quote of the instrument
 * at or after decision time + latency (zero latency: the deciding quote). A decision while an order is in flight
 * keeps the earlier fill time and moves the target, since orders are deltas to a target position.</li>
 * <li>Equity = cash + open positions valued at the price that would close them now (bid for a long, ask for a short),
 * which is how Capital.com shows P&amp;L; it is re-marked on every quote, and max drawdown uses every mark.</li>
 * <li>Overnight funding: each position open when a daily cut-off passes pays |size| x mid x rate / 365, rounded
 * half-even to the amount scale; one charge per cut-off crossed, so a weekend with no quotes still costs its
 * nights.</li>
 * <li>Margin: after a fill that opens or enlarges a position, the margin of all positions (|size| x close-out price /
 * leverage, rounded up) must not exceed equity; otherwise the order is refused, counted, and the position stays.
 * Orders that only reduce a position are never refused.</li>
 * </ul>
 */
public final class BacktestEngine {

    public static final int AMOUNT_SCALE = 8;
    private static final long DAY = 86_400_000_000_000L;
    private static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);
    private static final BigDecimal BPS = BigDecimal.valueOf(10_000);
    private static final double ANNUALISE = Math.sqrt(365);

    private final BacktestSettings settings;
    private final String strategyId;
    private final int n;
    private final String[] ids;
    private final Strategy[] strategies;
    private final CostModel[] costs;
    private final int[] priceScale;
    private final int[] sizeScale;
    /** amount units per (size unit x price unit): 10^(AMOUNT_SCALE - priceScale - sizeScale) */
    private final long[] factor;
    private final long[] slipPoints;
    /** leverage when it is a whole number (the usual case: margin is an exact long division), else 0 */
    private final long[] wholeLeverage;
    private final long[] unitSize;
    private final long latencyNanos;
    private final long fromNanos;
    private final long toNanos;
    private final long initial;

    private final long[] net;
    private final long[] lastBid;
    private final long[] lastAsk;
    private final long[] value;
    private final SignalDirection[] pendingTarget;
    private final long[] pendingDue;
    private final long[] entryTime;
    private final long[] entryCost;
    private final long[] entryCommission;
    private final long[] tradeFunding;

    private long cash;
    private long positionsValue;
    private long peak;
    private long drawdownPeak;
    private long drawdownTrough;
    private long nextCutoff;
    private long nextMidnight;
    private long nextEvent;
    private long lastTime;
    private long inMarketNanos;
    private int openPositions;
    private long ticks;
    private long signals;
    private long fills;
    private long refused;
    private long fundingTotal;
    private long commissionTotal;
    // curve rows: time, equity, kind; trade rows: see the T_ constants
    private final Journal curve = new Journal(3);
    private final Journal closed = new Journal(10);
    private static final int T_SLOT = 0;
    private static final int T_SIDE = 1;
    private static final int T_ENTRY_TIME = 2;
    private static final int T_ENTRY_COST = 3;
    private static final int T_EXIT_TIME = 4;
    private static final int T_EXIT_PRICE = 5;
    private static final int T_SIZE = 6;
    private static final int T_GROSS = 7;
    private static final int T_FUNDING = 8;
    private static final int T_FEES = 9;
    private long[] daily = new long[64];
    private int days;
    private long peakLow;
    private BacktestReport report;
    // the decisions with their tick times, only when asked for (the parity check compares them with live signals)
    private Journal signalLog;

    /** A decision of the strategy at a replayed tick: what the live signals service would have published. */
    public record ReplayedSignal(String instrument, Instant time, SignalDirection direction) {
    }

    public BacktestEngine(BacktestSettings settings) {
        this.settings = settings;
        // the replay clock stays at the epoch: the engine reads decisions, not the Signal events that carry a time
        StrategyRunner runner = StrategyRunner.of(settings.strategy(), settings.parameters(), new ReplayClock());
        this.strategyId = runner.strategyId();
        this.n = settings.instruments().size();
        this.ids = settings.instruments().toArray(String[]::new);
        this.strategies = new Strategy[n];
        this.costs = new CostModel[n];
        this.priceScale = new int[n];
        this.sizeScale = new int[n];
        this.factor = new long[n];
        this.slipPoints = new long[n];
        this.wholeLeverage = new long[n];
        this.unitSize = new long[n];
        for (int s = 0; s < n; s++) {
            strategies[s] = runner.strategyFor(ids[s]);
            costs[s] = settings.costs().get(ids[s]);
            priceScale[s] = PriceUnits.scaleOf(ids[s]);
            sizeScale[s] = Math.max(Math.max(0, costs[s].unitSize().stripTrailingZeros().scale()),
                    Instruments.find(ids[s]).map(Instrument::sizeIncrement).map(BigDecimal::scale).orElse(0));
            int exponent = AMOUNT_SCALE - priceScale[s] - sizeScale[s];
            if (exponent < 0) {
                throw new IllegalArgumentException(ids[s] + ": price and size scales exceed " + AMOUNT_SCALE);
            }
            factor[s] = BigDecimal.TEN.pow(exponent).longValueExact();
            slipPoints[s] = PriceUnits.toUnits(costs[s].slippagePoints(), priceScale[s]);
            BigDecimal lev = costs[s].leverage().stripTrailingZeros();
            wholeLeverage[s] = lev.scale() <= 0 ? lev.longValueExact() : 0;
            unitSize[s] = costs[s].unitSize().setScale(sizeScale[s], RoundingMode.UNNECESSARY).unscaledValue()
                    .longValueExact();
        }
        this.latencyNanos = settings.latency().toNanos();
        this.fromNanos = PriceUnits.epochNanos(settings.from());
        this.toNanos = PriceUnits.epochNanos(settings.to());
        this.initial = amountUnits(settings.initialCapital());
        this.net = new long[n];
        this.lastBid = new long[n];
        this.lastAsk = new long[n];
        this.value = new long[n];
        this.pendingTarget = new SignalDirection[n];
        this.pendingDue = new long[n];
        Arrays.fill(pendingDue, Long.MAX_VALUE);
        this.entryTime = new long[n];
        this.entryCost = new long[n];
        this.entryCommission = new long[n];
        this.tradeFunding = new long[n];
        this.cash = initial;
        this.peak = initial;
        this.peakLow = initial;
        this.lastTime = fromNanos;
        long dayStart = Math.floorDiv(fromNanos, DAY) * DAY;
        this.nextMidnight = dayStart + DAY;
        long cutoff = dayStart + settings.fundingCutoff().toNanoOfDay();
        this.nextCutoff = cutoff > fromNanos ? cutoff : cutoff + DAY;
        this.nextEvent = Math.min(nextMidnight, nextCutoff);
    }

    public String strategyId() {
        return strategyId;
    }

    /** Keeps every decision with its tick time from now on, for {@link #replayedSignals()}; off by default. */
    public BacktestEngine recordSignals() {
        if (signalLog == null) {
            signalLog = new Journal(3);
        }
        return this;
    }

    /** The decisions recorded since {@link #recordSignals()}, in replay order. */
    public List<ReplayedSignal> replayedSignals() {
        if (signalLog == null) {
            throw new IllegalStateException("signals are not recorded: call recordSignals() before the replay");
        }
        SignalDirection[] directions = SignalDirection.values();
        List<ReplayedSignal> out = new ArrayList<>(signalLog.size());
        for (int row = 0; row < signalLog.size(); row++) {
            out.add(new ReplayedSignal(ids[(int) signalLog.get(row, 1)], PriceUnits.instant(signalLog.get(row, 0)),
                    directions[(int) signalLog.get(row, 2)]));
        }
        return out;
    }

    /** Replays a block; its instruments must be this run's, in the same order, and its ticks not older than the last. */
    public void onTicks(TickColumns block) {
        if (report != null) {
            throw new IllegalStateException("the run is finished");
        }
        if (!block.instruments().equals(settings.instruments())) {
            throw new IllegalArgumentException("block instruments " + block.instruments() + " are not "
                    + settings.instruments());
        }
        if (n == 1) {
            replayOneInstrument(block);
        } else {
            replay(block);
        }
        ticks += block.size;
    }

    /** The general loop: any number of instruments, each tick's state found by its slot. */
    private void replay(TickColumns block) {
        final long[] time = block.time;
        final int[] slot = block.slot;
        final long[] bids = block.bid;
        final long[] asks = block.ask;
        // the hot loop keeps the running state in locals (registers) and writes it back only around the rare paths
        // (a daily event, a decision, a fill, a new drawdown low) that read or change it
        long last = lastTime;
        long inMarket = inMarketNanos;
        long cashNow = cash;
        long valueNow = positionsValue;
        long high = peak;
        long low = peakLow;
        boolean inPosition = openPositions > 0;
        long limit = Math.min(nextEvent, toNanos);
        for (int k = 0, size = block.size; k < size; k++) {
            long t = time[k];
            int s = slot[k];
            long bid = bids[k];
            long ask = asks[k];
            if (t < last || t >= limit) {
                if (t < last || t >= toNanos) {
                    throw new IllegalArgumentException("tick at " + PriceUnits.instant(t) + " is out of order or range");
                }
                cash = cashNow;
                positionsValue = valueNow;
                peak = high;
                peakLow = low;
                passTime(t, true); // funding changes cash and may deepen the drawdown
                cashNow = cash;
                high = peak;
                low = peakLow;
                limit = Math.min(nextEvent, toNanos);
            }
            if (inPosition) {
                inMarket += t - last;
            }
            last = t;
            lastBid[s] = bid;
            lastAsk[s] = ask;
            boolean due = pendingDue[s] <= t;
            Optional<Decision> decision = strategies[s].onQuote(t, bid, ask);
            if (due || decision.isPresent()) {
                cash = cashNow;
                positionsValue = valueNow;
                peak = high;
                peakLow = low;
                act(s, t, bid, ask, due, decision);
                cashNow = cash;
                valueNow = positionsValue;
                high = peak;
                low = peakLow;
                inPosition = openPositions > 0;
            }
            long position = net[s];
            if (position != 0) {
                long v = position * (position > 0 ? bid : ask) * factor[s];
                valueNow += v - value[s];
                value[s] = v;
                long equity = cashNow + valueNow;
                if (equity > high) {
                    high = equity;
                    low = equity;
                } else if (equity < low) {
                    low = equity;
                    newLow(high, equity);
                }
            }
        }
        lastTime = last;
        inMarketNanos = inMarket;
        cash = cashNow;
        positionsValue = valueNow;
        peak = high;
        peakLow = low;
    }

    /**
     * The same loop for a run of one instrument (the usual backtest, and every sweep task of one): with a single
     * slot, its quote, position, value and order due time live in locals too, so a tick that neither decides nor
     * fills touches no field and no array but the block's columns and the strategy. Written back, in the same order
     * as {@link #replay}, around the shared rare paths; BacktestEngineTest checks both loops give the same report.
     */
    private void replayOneInstrument(TickColumns block) {
        final long[] time = block.time;
        final long[] bids = block.bid;
        final long[] asks = block.ask;
        final Strategy strategy = strategies[0];
        final long f = factor[0];
        long last = lastTime;
        long inMarket = inMarketNanos;
        long cashNow = cash;
        long valueNow = positionsValue; // = value[0]: one instrument
        long high = peak;
        long low = peakLow;
        long position = net[0];
        long due = pendingDue[0];
        long quoteBid = lastBid[0];
        long quoteAsk = lastAsk[0];
        long limit = Math.min(nextEvent, toNanos);
        for (int k = 0, size = block.size; k < size; k++) {
            long t = time[k];
            long bid = bids[k];
            long ask = asks[k];
            if (t < last || t >= limit) {
                if (t < last || t >= toNanos) {
                    throw new IllegalArgumentException("tick at " + PriceUnits.instant(t) + " is out of order or range");
                }
                // funding at a cut-off is charged at the mid of the quote before it, as in the general loop
                storeOneInstrument(quoteBid, quoteAsk, cashNow, valueNow, high, low);
                passTime(t, true);
                cashNow = cash;
                high = peak;
                low = peakLow;
                limit = Math.min(nextEvent, toNanos);
            }
            if (position != 0) {
                inMarket += t - last;
            }
            last = t;
            quoteBid = bid;
            quoteAsk = ask;
            Optional<Decision> decision = strategy.onQuote(t, bid, ask);
            if (due <= t || decision.isPresent()) {
                storeOneInstrument(bid, ask, cashNow, valueNow, high, low);
                act(0, t, bid, ask, due <= t, decision);
                cashNow = cash;
                valueNow = positionsValue;
                high = peak;
                low = peakLow;
                position = net[0];
                due = pendingDue[0];
            }
            if (position != 0) {
                valueNow = position * (position > 0 ? bid : ask) * f;
                long equity = cashNow + valueNow;
                if (equity > high) {
                    high = equity;
                    low = equity;
                } else if (equity < low) {
                    low = equity;
                    newLow(high, equity);
                }
            }
        }
        storeOneInstrument(quoteBid, quoteAsk, cashNow, valueNow, high, low);
        lastTime = last;
        inMarketNanos = inMarket;
    }

    /** Writes the one-instrument loop's locals back to the fields the shared paths and the report read. */
    private void storeOneInstrument(long bid, long ask, long cashNow, long valueNow, long high, long low) {
        lastBid[0] = bid;
        lastAsk[0] = ask;
        cash = cashNow;
        positionsValue = valueNow; // = value[0]: one instrument
        value[0] = valueNow;
        peak = high;
        peakLow = low;
    }

    /** The rare path of both loops: the order in flight fills at this quote, then the strategy's new decision. */
    private void act(int s, long t, long bid, long ask, boolean due, Optional<Decision> decision) {
        if (due) {
            fill(s, t, bid, ask); // before the new decision
        }
        if (decision.isPresent()) {
            signals++;
            if (signalLog != null) {
                int row = signalLog.append();
                signalLog.set(row, 0, t);
                signalLog.set(row, 1, s);
                signalLog.set(row, 2, decision.get().direction().ordinal());
            }
            pendingTarget[s] = decision.get().direction();
            pendingDue[s] = Math.min(pendingDue[s], t + latencyNanos);
            if (pendingDue[s] <= t) {
                fill(s, t, bid, ask);
            }
        }
    }

    /** Funding cut-offs and midnights up to {@code t} (inclusive while replaying, exclusive at the end). */
    private void passTime(long t, boolean inclusive) {
        while (inclusive ? nextEvent <= t : nextEvent < t) {
            if (nextCutoff <= nextMidnight) {
                chargeFunding(nextCutoff);
                nextCutoff += DAY;
            } else {
                long equity = cash + positionsValue;
                if (days == daily.length) {
                    daily = Arrays.copyOf(daily, days * 2);
                }
                daily[days++] = equity;
                record(nextMidnight, equity, EquityPoint.Kind.DAY);
                nextMidnight += DAY;
            }
            nextEvent = Math.min(nextMidnight, nextCutoff);
        }
    }

    private void chargeFunding(long at) {
        for (int s = 0; s < n; s++) {
            if (net[s] == 0) {
                continue;
            }
            CostModel c = costs[s];
            BigDecimal size = BigDecimal.valueOf(Math.abs(net[s]), sizeScale[s]);
            BigDecimal mid = BigDecimal.valueOf(lastBid[s] + lastAsk[s], priceScale[s]).divide(BigDecimal.TWO);
            BigDecimal rate = net[s] > 0 ? c.longFundingRate() : c.shortFundingRate();
            long charge = amountUnits(size.multiply(mid).multiply(rate)
                    .divide(DAYS_PER_YEAR, AMOUNT_SCALE, RoundingMode.HALF_EVEN));
            cash -= charge;
            tradeFunding[s] -= charge;
            fundingTotal -= charge;
        }
        markEquity(cash + positionsValue);
    }

    private void fill(int s, long t, long bid, long ask) {
        pendingDue[s] = Long.MAX_VALUE;
        long before = net[s];
        long delta = PositionTarget.delta(pendingTarget[s], unitSize[s], before);
        if (delta == 0) {
            return;
        }
        boolean buy = delta > 0;
        long price = buy ? ask + slippage(s, ask) : bid - slippage(s, bid);
        long after = before + delta;
        long closing = before != 0 && Long.signum(before) != Long.signum(delta) ? Math.min(Math.abs(delta),
                Math.abs(before)) : 0;
        long opening = Math.abs(delta) - closing;
        long closeCommission = commission(s, closing, price);
        long openCommission = commission(s, opening, price);
        long cashAfter = cash - Math.multiplyExact(Math.multiplyExact(delta, price), factor[s]) - closeCommission
                - openCommission;
        long valueAfter = Math.multiplyExact(after * (after > 0 ? bid : ask), factor[s]);
        if (opening > 0 && !marginAllows(s, after, price, cashAfter + positionsValue - value[s] + valueAfter)) {
            refused++;
            return;
        }
        if (closing > 0) {
            closeTrade(s, t, closing, price, closeCommission);
        }
        if (opening > 0) {
            if (net[s] == 0 || Long.signum(net[s]) != Long.signum(delta)) {
                entryTime[s] = t;
                entryCost[s] = 0;
                entryCommission[s] = 0;
                tradeFunding[s] = 0;
            }
            entryCost[s] += opening * price * factor[s];
            entryCommission[s] += openCommission;
        }
        if (before == 0) {
            openPositions++;
        } else if (after == 0) {
            openPositions--;
        }
        net[s] = after;
        cash = cashAfter;
        positionsValue += valueAfter - value[s];
        value[s] = valueAfter;
        commissionTotal += closeCommission + openCommission;
        fills++;
        long equity = cash + positionsValue;
        markEquity(equity);
        record(t, equity, EquityPoint.Kind.FILL);
    }

    /** Whether the margin of all positions, with {@code s} at {@code position} filled at {@code price}, fits equity. */
    private boolean marginAllows(int s, long position, long price, long equityAfter) {
        long margin = 0;
        BigDecimal fractional = BigDecimal.ZERO;
        for (int j = 0; j < n; j++) {
            long size = j == s ? position : net[j];
            if (size == 0) {
                continue;
            }
            long p = j == s ? price : size > 0 ? lastBid[j] : lastAsk[j];
            long notional = Math.multiplyExact(Math.abs(size) * p, factor[j]);
            if (wholeLeverage[j] > 0 && margin == 0 && fractional.signum() == 0 && onlyPosition(j, s, position)) {
                // the usual case, one position: ceil(notional / leverage) <= equity  <=>  notional <= equity x leverage
                return equityAfter >= 0 && notional <= Math.multiplyExact(equityAfter, wholeLeverage[j]);
            }
            if (wholeLeverage[j] > 0) {
                margin += Math.ceilDiv(notional, wholeLeverage[j]); // rounded up: never lend more than the broker
            } else {
                fractional = fractional.add(BigDecimal.valueOf(notional)
                        .divide(costs[j].leverage(), 0, RoundingMode.CEILING));
            }
        }
        return fractional.signum() == 0 ? margin <= equityAfter
                : fractional.add(BigDecimal.valueOf(margin)).compareTo(BigDecimal.valueOf(equityAfter)) <= 0;
    }

    /** Whether {@code j} holds the only position there will be after {@code s} moves to {@code position}. */
    private boolean onlyPosition(int j, int s, long position) {
        for (int i = 0; i < n; i++) {
            if (i != j && (i == s ? position : net[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private void record(long t, long equity, EquityPoint.Kind kind) {
        int row = curve.append();
        curve.set(row, 0, t);
        curve.set(row, 1, equity);
        curve.set(row, 2, kind.ordinal());
    }

    /** Books the closed part of the position at {@code net[s]} (before the fill) as a trade. */
    private void closeTrade(int s, long t, long closing, long price, long closeCommission) {
        long open = Math.abs(net[s]);
        long cost = proRata(entryCost[s], closing, open);
        long entryFee = proRata(entryCommission[s], closing, open);
        long funding = proRata(tradeFunding[s], closing, open);
        entryCost[s] -= cost;
        entryCommission[s] -= entryFee;
        tradeFunding[s] -= funding;
        long exitValue = closing * price * factor[s];
        boolean isLong = net[s] > 0;
        int row = closed.append();
        closed.set(row, T_SLOT, s);
        closed.set(row, T_SIDE, isLong ? 1 : -1);
        closed.set(row, T_ENTRY_TIME, entryTime[s]);
        closed.set(row, T_ENTRY_COST, cost);
        closed.set(row, T_EXIT_TIME, t);
        closed.set(row, T_EXIT_PRICE, price);
        closed.set(row, T_SIZE, closing);
        closed.set(row, T_GROSS, isLong ? exitValue - cost : cost - exitValue);
        closed.set(row, T_FUNDING, funding);
        closed.set(row, T_FEES, entryFee + closeCommission);
    }

    private Trade trade(int row) {
        int s = (int) closed.get(row, T_SLOT);
        long gross = closed.get(row, T_GROSS);
        long funding = closed.get(row, T_FUNDING);
        long fees = closed.get(row, T_FEES);
        BigDecimal size = BigDecimal.valueOf(closed.get(row, T_SIZE), sizeScale[s]);
        BigDecimal entryPrice = price(amount(closed.get(row, T_ENTRY_COST)).divide(size, 10, RoundingMode.HALF_EVEN),
                priceScale[s]);
        return new Trade(ids[s], closed.get(row, T_SIDE) > 0 ? SignalDirection.LONG : SignalDirection.SHORT,
                PriceUnits.instant(closed.get(row, T_ENTRY_TIME)), entryPrice,
                PriceUnits.instant(closed.get(row, T_EXIT_TIME)),
                PriceUnits.toDecimal(closed.get(row, T_EXIT_PRICE), priceScale[s]), size, amount(gross),
                amount(funding), amount(fees), amount(gross + funding - fees));
    }

    private static long netPnl(Journal closed, int row) {
        return closed.get(row, T_GROSS) + closed.get(row, T_FUNDING) - closed.get(row, T_FEES);
    }

    /** A price at the instrument's scale when the average is exact there, else at 10 decimals. */
    private static BigDecimal price(BigDecimal p, int scale) {
        BigDecimal atScale = p.setScale(scale, RoundingMode.HALF_EVEN);
        return atScale.compareTo(p) == 0 ? atScale : p;
    }

    private static long proRata(long total, long part, long whole) {
        return part == whole ? total : BigDecimal.valueOf(total).multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** Slippage in price units: the fixed points plus bps of the quote rounded up onto the grid (never in our favour). */
    private long slippage(int s, long quote) {
        BigDecimal bps = costs[s].slippageBps();
        long slip = slipPoints[s];
        if (bps.signum() > 0) {
            slip += BigDecimal.valueOf(quote).multiply(bps).divide(BPS, 0, RoundingMode.CEILING).longValueExact();
        }
        return slip;
    }

    private long commission(int s, long size, long price) {
        BigDecimal bps = costs[s].commissionBps();
        if (size == 0 || bps.signum() == 0) {
            return 0;
        }
        return BigDecimal.valueOf(size * price * factor[s]).multiply(bps).divide(BPS, 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    private void markEquity(long equity) {
        if (equity > peak) {
            peak = equity;
            peakLow = equity;
        } else if (equity < peakLow) {
            peakLow = equity;
            newLow(peak, equity);
        }
    }

    /**
     * A new low since the peak: only then can the drawdown deepen. Deeper means a larger fall relative to its peak,
     * (peak - equity) / peak > (drawdownPeak - drawdownTrough) / drawdownPeak, compared exactly by cross-multiplying
     * in 128 bits (no division on this path, which runs on many ticks of a losing stretch).
     */
    private void newLow(long peakNow, long equity) {
        if (drawdownPeak == 0 ? equity < peakNow
                : deeper(peakNow - equity, drawdownPeak, drawdownPeak - drawdownTrough, peakNow)) {
            drawdownPeak = peakNow;
            drawdownTrough = equity;
        }
    }

    /** a x b > c x d for non-negative a, c and positive b, d, exactly (products up to 2^126). */
    static boolean deeper(long a, long b, long c, long d) {
        long high = Math.multiplyHigh(a, b);
        long otherHigh = Math.multiplyHigh(c, d);
        return high != otherHigh ? high > otherHigh : Long.compareUnsigned(a * b, c * d) > 0;
    }

    /** Ends the run at the settings' {@code to} (once) and returns the report. */
    public BacktestReport report() {
        if (report != null) {
            return report;
        }
        passTime(toNanos, false);
        if (openPositions > 0) {
            inMarketNanos += toNanos - lastTime;
        }
        long equity = cash + positionsValue;
        if (days == daily.length) {
            daily = Arrays.copyOf(daily, days + 1);
        }
        daily[days++] = equity;
        record(toNanos, equity, EquityPoint.Kind.END);
        // trades and curve stay journalled longs; the report's lists build each record when it is read (a sweep
        // that keeps only the metrics never pays for 10^5 BigDecimal records)
        int tradeCount = closed.size();
        int pointCount = curve.size();
        EquityPoint.Kind[] kinds = EquityPoint.Kind.values();
        List<Trade> trades = new JournalView<>(tradeCount, this::trade);
        List<EquityPoint> points = new JournalView<>(pointCount, row -> new EquityPoint(
                PriceUnits.instant(curve.get(row, 0)), amount(curve.get(row, 1)), kinds[(int) curve.get(row, 2)]));
        report = new BacktestReport(strategyId, settings.from(), settings.to(), settings.initialCapital(),
                amount(equity), ticks, signals, fills, refused, amount(fundingTotal), amount(commissionTotal),
                metrics(equity), trades, points);
        return report;
    }

    private Metrics metrics(long equity) {
        BigDecimal initialCapital = amount(initial);
        BigDecimal totalReturn = ratio(amount(equity).subtract(initialCapital), initialCapital);
        double years = (double) (toNanos - fromNanos) / (365.0 * DAY);
        double growth = (double) equity / initial;
        double cagr = growth <= 0 ? -1.0 : Math.pow(growth, 1.0 / years) - 1.0;

        double[] returns = new double[days];
        long previous = initial;
        for (int d = 0; d < days; d++) {
            returns[d] = (double) daily[d] / previous - 1.0;
            previous = daily[d];
        }
        double mean = Arrays.stream(returns).average().orElse(0);
        double squares = 0;
        double downside = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
            downside += r < 0 ? r * r : 0;
        }
        double sd = days > 1 ? Math.sqrt(squares / (days - 1)) : 0;
        double downsideDeviation = days > 0 ? Math.sqrt(downside / days) : 0;

        BigDecimal maxDrawdown = drawdownPeak == 0 ? BigDecimal.ZERO.setScale(Metrics.SCALE)
                : ratio(amount(drawdownPeak - drawdownTrough), amount(drawdownPeak));
        int wins = 0;
        long profit = 0;
        long loss = 0;
        int count = closed.size();
        for (int row = 0; row < count; row++) {
            long pnl = netPnl(closed, row);
            if (pnl > 0) {
                wins++;
                profit += pnl;
            } else {
                loss -= pnl;
            }
        }
        return new Metrics(totalReturn, statistic(cagr), sd > 0 ? statistic(mean / sd * ANNUALISE) : null,
                downsideDeviation > 0 ? statistic(mean / downsideDeviation * ANNUALISE) : null, maxDrawdown,
                maxDrawdown.signum() > 0 ? statistic(cagr / maxDrawdown.doubleValue()) : null,
                count == 0 ? null : ratio(BigDecimal.valueOf(wins), BigDecimal.valueOf(count)),
                loss == 0 ? null : ratio(amount(profit), amount(loss)),
                ratio(BigDecimal.valueOf(inMarketNanos), BigDecimal.valueOf(toNanos - fromNanos)), count);
    }

    private static BigDecimal ratio(BigDecimal a, BigDecimal b) {
        return a.divide(b, Metrics.SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal statistic(double d) {
        return Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(Metrics.SCALE, RoundingMode.HALF_EVEN) : null;
    }

    private static BigDecimal amount(long units) {
        return BigDecimal.valueOf(units, AMOUNT_SCALE);
    }

    private static long amountUnits(BigDecimal amount) {
        return amount.setScale(AMOUNT_SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /** A read-only list over journal rows, materialising a row's record on each {@code get}. */
    private static final class JournalView<T> extends java.util.AbstractList<T> implements java.util.RandomAccess {
        private final int size;
        private final java.util.function.IntFunction<T> row;

        JournalView(int size, java.util.function.IntFunction<T> row) {
            this.size = size;
            this.row = row;
        }

        @Override
        public T get(int index) {
            java.util.Objects.checkIndex(index, size);
            return row.apply(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Equity now, marked at the last quotes (for progress and tests). */
    public BigDecimal equity() {
        return amount(cash + positionsValue);
    }

    public Instant lastTickTime() {
        return PriceUnits.instant(lastTime);
    }
}
