package io.tickflow.simulators.capital;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The market-data JSON shapes of Capital.com ({@code /markets}, {@code /prices}, the {@code market} block of positions). */
final class MarketViews {

    private final CapitalTime time;

    MarketViews(CapitalTime time) {
        this.time = time;
    }

    record DealingRule(String unit, BigDecimal value) {
        static DealingRule points(BigDecimal value) {
            return new DealingRule("POINTS", value);
        }

        static DealingRule percentage(BigDecimal value) {
            return new DealingRule("PERCENTAGE", value);
        }
    }

    record InstrumentView(String epic, String expiry, String name, BigDecimal lotSize, String type,
            boolean controlledRiskAllowed, boolean streamingPricesAvailable, String currency, BigDecimal marginFactor,
            String marginFactorUnit, Map<String, Object> openingHours, String country) {
    }

    record DealingRules(DealingRule minStepDistance, DealingRule minDealSize, DealingRule maxDealSize,
            DealingRule minSizeIncrement, DealingRule minControlledRiskStopDistance, DealingRule minGuaranteedStopDistance,
            DealingRule minStopOrProfitDistance, DealingRule maxStopOrProfitDistance, DealingRule minNormalStopOrLimitDistance,
            DealingRule maxStopOrLimitDistance, String marketOrderPreference, String trailingStopsPreference) {
    }

    record Snapshot(MarketStatus marketStatus, BigDecimal netChange, BigDecimal percentageChange, String updateTime,
            int delayTime, BigDecimal bid, BigDecimal offer, BigDecimal high, BigDecimal low, int decimalPlacesFactor,
            int scalingFactor) {
    }

    /** {@code GET /markets/{epic}} and the elements of {@code marketDetails}. */
    record MarketDetails(InstrumentView instrument, DealingRules dealingRules, Snapshot snapshot) {
    }

    /** The flat market summary of search results, navigation nodes and the {@code market} block of positions. */
    record MarketSummary(String instrumentName, String expiry, MarketStatus marketStatus, String epic, String instrumentType,
            BigDecimal lotSize, BigDecimal high, BigDecimal low, BigDecimal percentageChange, BigDecimal netChange,
            BigDecimal bid, BigDecimal offer, String updateTime, String updateTimeUTC, int delayTime,
            boolean streamingPricesAvailable, int scalingFactor) {
    }

    MarketDetails details(SimulatedInstrument instrument, Instant now) {
        InstrumentSpec spec = instrument.spec;
        SimulatedQuote quote = instrument.lastQuote();
        SimulatedInstrument.DayStatistics day = instrument.dayStatistics(now);
        InstrumentView view = new InstrumentView(spec.epic(), "-", spec.name(), spec.lotSize(), spec.instrumentType(), true,
                true, spec.currency(), spec.marginFactorPercent(), "PERCENTAGE", spec.tradingHours().toOpeningHoursJson(), "");
        BigDecimal guaranteedStopPercent = new BigDecimal("0.5");
        DealingRules rules = new DealingRules(
                DealingRule.points(spec.minStepDistance()),
                DealingRule.points(spec.minDealSize()),
                DealingRule.points(spec.maxDealSize()),
                DealingRule.points(spec.minSizeIncrement()),
                DealingRule.percentage(guaranteedStopPercent),
                DealingRule.percentage(guaranteedStopPercent),
                DealingRule.percentage(spec.minStopOrProfitDistancePercent()),
                DealingRule.percentage(spec.maxStopOrProfitDistancePercent()),
                DealingRule.percentage(spec.minStopOrProfitDistancePercent()),
                DealingRule.percentage(spec.maxStopOrProfitDistancePercent()),
                "AVAILABLE_DEFAULT_ON", "NOT_AVAILABLE");
        Snapshot snapshot = new Snapshot(instrument.status(now), day.netChange(), day.percentageChange(),
                time.localMillis(quote.timestamp()), 0, quote.bid(), quote.ofr(), day.high(), day.low(), spec.decimals(), 1);
        return new MarketDetails(view, rules, snapshot);
    }

    MarketSummary summary(SimulatedInstrument instrument, Instant now) {
        InstrumentSpec spec = instrument.spec;
        SimulatedQuote quote = instrument.lastQuote();
        SimulatedInstrument.DayStatistics day = instrument.dayStatistics(now);
        return new MarketSummary(spec.name(), "-", instrument.status(now), spec.epic(), spec.instrumentType(), spec.lotSize(),
                day.high(), day.low(), day.percentageChange(), day.netChange(), quote.bid(), quote.ofr(),
                time.localMillis(quote.timestamp()), CapitalTime.utcMillis(quote.timestamp()), 0, true, 1);
    }

    record BidAsk(BigDecimal bid, BigDecimal ask) {
    }

    record PricePoint(String snapshotTime, String snapshotTimeUTC, BidAsk openPrice, BidAsk closePrice, BidAsk highPrice,
            BidAsk lowPrice, long lastTradedVolume) {
    }

    record Prices(List<PricePoint> prices, String instrumentType) {
    }

    Prices prices(SimulatedInstrument instrument, List<PriceBar> bars) {
        InstrumentSpec spec = instrument.spec;
        List<PricePoint> points = bars.stream().map(bar -> new PricePoint(
                time.localSeconds(bar.start()), CapitalTime.utcSeconds(bar.start()),
                new BidAsk(spec.fromTicks(bar.openBid), spec.fromTicks(bar.openAsk)),
                new BidAsk(spec.fromTicks(bar.closeBid), spec.fromTicks(bar.closeAsk)),
                new BidAsk(spec.fromTicks(bar.highBid), spec.fromTicks(bar.highAsk)),
                new BidAsk(spec.fromTicks(bar.lowBid), spec.fromTicks(bar.lowAsk)),
                bar.volume)).toList();
        return new Prices(points, spec.instrumentType());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PositionData(BigDecimal contractSize, String createdDate, String createdDateUTC, String dealId, String dealReference,
            String workingOrderId, BigDecimal size, int leverage, BigDecimal upl, Direction direction, BigDecimal level,
            String currency, boolean guaranteedStop, boolean trailingStop, BigDecimal stopLevel, BigDecimal profitLevel) {
    }

    record PositionView(PositionData position, MarketSummary market) {
    }

    PositionView position(Deals.Position position, SimulatedInstrument instrument, int leverage, Instant now) {
        return position(position, instrument, leverage, summary(instrument, now));
    }

    /** A position with an already computed {@code market} block (one per epic when listing many positions). */
    PositionView position(Deals.Position position, SimulatedInstrument instrument, int leverage, MarketSummary market) {
        InstrumentSpec spec = instrument.spec;
        SimulatedQuote quote = instrument.lastQuote();
        BigDecimal exit = position.direction() == Direction.BUY ? quote.bid() : quote.ofr();
        PositionData data = new PositionData(spec.lotSize(), time.localMillis(position.createdAt()),
                CapitalTime.utcMillis(position.createdAt()), position.dealId(), position.dealReference(),
                position.workingOrderId(), position.size(), leverage, TradingDesk.profitAndLoss(position, exit),
                position.direction(), position.level(), spec.currency(), position.guaranteedStop(), position.trailingStop(),
                position.stopLevel(), position.profitLevel());
        return new PositionView(data, market);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WorkingOrderData(String dealId, Direction direction, String epic, BigDecimal orderSize, BigDecimal orderLevel,
            String timeInForce, String goodTillDate, String goodTillDateUTC, String createdDate, String createdDateUTC,
            boolean guaranteedStop, String orderType, BigDecimal stopDistance, BigDecimal profitDistance, String currencyCode) {
    }

    record WorkingOrderView(WorkingOrderData workingOrderData, MarketSummary marketData) {
    }

    WorkingOrderView workingOrder(Deals.WorkingOrder order, SimulatedInstrument instrument, Instant now) {
        StopRules.Stops stops = order.stops();
        WorkingOrderData data = new WorkingOrderData(order.dealId(), order.direction(), order.epic(), order.size(), order.level(),
                order.goodTillDate() == null ? "GOOD_TILL_CANCELLED" : "GOOD_TILL_DATE",
                order.goodTillDate() == null ? null : time.localMillis(order.goodTillDate()),
                order.goodTillDate() == null ? null : CapitalTime.utcMillis(order.goodTillDate()),
                time.localMillis(order.createdAt()), CapitalTime.utcMillis(order.createdAt()), stops.guaranteedStop(),
                order.orderType(), distance(order.level(), stops.stopLevel()), distance(order.level(), stops.profitLevel()),
                instrument.spec.currency());
        return new WorkingOrderView(data, summary(instrument, now));
    }

    private static BigDecimal distance(BigDecimal level, BigDecimal other) {
        return other == null ? null : other.subtract(level).abs();
    }

    /** Navigation: one top-level node per instrument type, each listing its markets. */
    static Map<String, String> navigationNodes(List<InstrumentSpec> specs) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (InstrumentSpec spec : specs) {
            String name = spec.instrumentType().toLowerCase(java.util.Locale.ROOT) + "_group";
            nodes.put("hierarchy_v1." + name, name);
        }
        return nodes;
    }
}
