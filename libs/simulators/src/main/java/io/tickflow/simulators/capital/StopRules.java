package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Stop-loss and take-profit handling shared by positions and working orders. Clients may give a level, a distance or an
 * amount; all become levels, checked against the instrument's allowed distance band. A violation is a 400 whose code carries
 * the limit, exactly like Capital.com's {@code error.invalid.stoploss.minvalue: 17.146}.
 */
final class StopRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private StopRules() {
    }

    record Stops(boolean guaranteedStop, boolean trailingStop, BigDecimal stopLevel, BigDecimal profitLevel) {
        static final Stops NONE = new Stops(false, false, null, null);
    }

    /**
     * @param reference the price the stops are measured from: the price at which the position would be closed (bid for a
     *                  BUY, ask for a SELL) or, for a working order, its order level
     */
    static Stops resolve(JsonNode body, InstrumentSpec spec, Direction direction, BigDecimal size, BigDecimal reference) {
        BigDecimal stopLevel = level(body, "stop", spec, direction, size, reference, true);
        BigDecimal profitLevel = level(body, "profit", spec, direction, size, reference, false);
        BigDecimal minDistance = reference.multiply(spec.minStopOrProfitDistancePercent()).divide(HUNDRED);
        BigDecimal maxDistance = reference.multiply(spec.maxStopOrProfitDistancePercent()).divide(HUNDRED);
        // A BUY's stop sits below the reference and its target above; a SELL's the other way round.
        boolean stopBelow = direction == Direction.BUY;
        if (stopLevel != null) {
            checkBand("stoploss", stopLevel, spec, reference, minDistance, maxDistance, stopBelow);
        }
        if (profitLevel != null) {
            checkBand("takeprofit", profitLevel, spec, reference, minDistance, maxDistance, !stopBelow);
        }
        return new Stops(Json.flag(body, "guaranteedStop"), Json.flag(body, "trailingStop"), stopLevel, profitLevel);
    }

    /** Reads {@code <kind>Level}, {@code <kind>Distance} or {@code <kind>Amount} (amount = money at risk, so distance = amount / size). */
    private static BigDecimal level(JsonNode body, String kind, InstrumentSpec spec, Direction direction, BigDecimal size,
            BigDecimal reference, boolean isStop) {
        BigDecimal level = Json.decimal(body, kind + "Level", "error.invalid." + kind + "Level");
        if (level != null) {
            return level;
        }
        BigDecimal distance = Json.decimal(body, kind + "Distance", "error.invalid." + kind + "Distance");
        BigDecimal amount = Json.decimal(body, kind + "Amount", "error.invalid." + kind + "Amount");
        if (distance == null && amount != null) {
            distance = amount.divide(size, spec.decimals(), RoundingMode.HALF_EVEN);
        }
        if (distance == null) {
            return null;
        }
        boolean below = (direction == Direction.BUY) == isStop;
        BigDecimal raw = below ? reference.subtract(distance) : reference.add(distance);
        return raw.setScale(spec.decimals(), RoundingMode.HALF_EVEN);
    }

    private static void checkBand(String kind, BigDecimal level, InstrumentSpec spec, BigDecimal reference,
            BigDecimal minDistance, BigDecimal maxDistance, boolean below) {
        BigDecimal lowest = (below ? reference.subtract(maxDistance) : reference.add(minDistance))
                .setScale(spec.decimals(), RoundingMode.CEILING);
        BigDecimal highest = (below ? reference.subtract(minDistance) : reference.add(maxDistance))
                .setScale(spec.decimals(), RoundingMode.FLOOR);
        if (level.compareTo(lowest) < 0) {
            throw ApiError.badRequest("error.invalid." + kind + ".minvalue: " + lowest.toPlainString());
        }
        if (level.compareTo(highest) > 0) {
            throw ApiError.badRequest("error.invalid." + kind + ".maxvalue: " + highest.toPlainString());
        }
    }
}
