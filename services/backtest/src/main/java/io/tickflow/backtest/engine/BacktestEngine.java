package io.tickflow.backtest.engine;

import io.tickflow.domain.position.PositionLedger;
import io.tickflow.domain.strategy.PositionTarget;
import io.tickflow.domain.strategy.StrategyRunner;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.BacktestStatus;
import io.tickflow.events.Side;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Replays ticks in event-time order through the same {@link StrategyRunner} the signals service runs, trades each
 * signal the way execution does ({@link PositionTarget}), fills at the quote's ask (buy) or bid (sell) so the
 * spread in the data is paid, and keeps equity marked at mid. One instance per job; feed it with {@link #onTick}
 * and read {@link #result}. No wall clock and no randomness: the same ticks give the same result, byte for byte.
 */
public final class BacktestEngine {

    private static final int RATIO_SCALE = 8;

    private final BacktestJob job;
    private final ReplayClock clock = new ReplayClock();
    private final StrategyRunner runner;
    private final Map<String, BigDecimal> unitSize;
    private final Map<String, PositionLedger> ledgers = new HashMap<>();
    private final Map<String, BigDecimal> marks = new HashMap<>();
    private BigDecimal peakEquity;
    private BigDecimal maxDrawdown = BigDecimal.ZERO;
    private long events;
    private long signals;
    private long trades;

    public BacktestEngine(BacktestJob job, Map<String, BigDecimal> unitSize) {
        this.job = job;
        this.runner = StrategyRunner.of(job.strategyId(), job.parameters(), clock);
        this.unitSize = unitSize;
        this.peakEquity = job.initialCapital();
    }

    public void onTick(Tick tick) {
        events++;
        clock.set(tick.eventTime());
        marks.put(tick.instrument(), tick.mid());
        runner.onTick(tick).ifPresent(signal -> trade(signal, tick));
        BigDecimal equity = equity();
        if (equity.compareTo(peakEquity) > 0) {
            peakEquity = equity;
        } else if (peakEquity.signum() > 0) {
            BigDecimal dd = peakEquity.subtract(equity).divide(peakEquity, RATIO_SCALE, RoundingMode.HALF_EVEN);
            maxDrawdown = maxDrawdown.max(dd);
        }
    }

    private void trade(Signal signal, Tick tick) {
        signals++;
        BigDecimal unit = unitSize.get(tick.instrument());
        if (unit == null) {
            return;
        }
        PositionLedger ledger = ledgers.computeIfAbsent(tick.instrument(), PositionLedger::new);
        BigDecimal delta = PositionTarget.delta(signal.direction(), unit, ledger.netSize());
        if (delta.signum() == 0) {
            return;
        }
        Side side = delta.signum() > 0 ? Side.BUY : Side.SELL;
        ledger.apply(side, delta.abs(), side == Side.BUY ? tick.ask() : tick.bid());
        trades++;
    }

    public BigDecimal equity() {
        BigDecimal equity = job.initialCapital();
        for (PositionLedger l : ledgers.values()) {
            equity = equity.add(l.realizedPnl()).add(l.unrealizedPnl(marks.get(l.instrument())));
        }
        return equity;
    }

    public BacktestResult result(String codeVersion) {
        // reported in cents; the positions behind it are exact
        BigDecimal equity = equity().setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal totalReturn = equity.subtract(job.initialCapital())
                .divide(job.initialCapital(), RATIO_SCALE, RoundingMode.HALF_EVEN);
        UUID id = UUID.nameUUIDFromBytes(("result|" + job.jobId()).getBytes(StandardCharsets.UTF_8));
        return new BacktestResult(BacktestResult.SCHEMA_VERSION, id, job.to(), job.to(), job.jobId(),
                BacktestStatus.COMPLETED, runner.strategyId(), events, signals, trades, job.initialCapital(),
                equity, totalReturn, maxDrawdown,
                codeVersion, null);
    }
}
