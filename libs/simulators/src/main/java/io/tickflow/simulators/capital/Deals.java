package io.tickflow.simulators.capital;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The records the trading desk keeps, shaped exactly like Capital.com's JSON so they serialise as they are. Fields annotated
 * {@link JsonIgnore} are the simulator's own bookkeeping (the instant behind the formatted dates, used for filtering).
 */
final class Deals {

    private Deals() {
    }

    /** An open position. Immutable: amending stops replaces it. */
    record Position(
            String dealId,
            String workingOrderId,
            String epic,
            Direction direction,
            BigDecimal size,
            BigDecimal level,
            Instant createdAt,
            boolean guaranteedStop,
            boolean trailingStop,
            BigDecimal stopLevel,
            BigDecimal profitLevel) {

        String dealReference() {
            return "p_" + dealId;
        }

        Position withStops(StopRules.Stops stops) {
            return new Position(dealId, workingOrderId, epic, direction, size, level, createdAt, stops.guaranteedStop(),
                    stops.trailingStop(), stops.stopLevel(), stops.profitLevel());
        }
    }

    /** A resting LIMIT/STOP order (the simulator never triggers them; they exist so clients can list and cancel them). */
    record WorkingOrder(
            String dealId,
            String epic,
            Direction direction,
            BigDecimal size,
            BigDecimal level,
            String orderType,
            Instant goodTillDate,
            Instant createdAt,
            StopRules.Stops stops) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AffectedDeal(String dealId, String status) {
    }

    /** {@code GET /confirms/{dealReference}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Confirmation(
            String date,
            String status,
            String reason,
            String dealStatus,
            String epic,
            String dealReference,
            String dealId,
            List<AffectedDeal> affectedDeals,
            BigDecimal level,
            BigDecimal size,
            Direction direction,
            boolean guaranteedStop,
            boolean trailingStop,
            BigDecimal stopLevel,
            BigDecimal profitLevel,
            BigDecimal profit,
            String profitCurrency) {

        boolean accepted() {
            return "ACCEPTED".equals(dealStatus);
        }
    }

    /** One line of {@code GET /history/activity}; {@code details} only when {@code detailed=true}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Activity(
            String date,
            @JsonProperty("dateUTC") String dateUtc,
            String epic,
            String dealId,
            String source,
            String type,
            String status,
            ActivityDetails details,
            @JsonIgnore Instant at) {

        Activity withoutDetails() {
            return new Activity(date, dateUtc, epic, dealId, source, type, status, null, at);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ActivityDetails(
            String dealReference,
            String marketName,
            String currency,
            BigDecimal size,
            Direction direction,
            BigDecimal level,
            BigDecimal stopLevel,
            BigDecimal profitLevel,
            boolean guaranteedStop) {
    }

    /** One line of {@code GET /history/transactions}; Capital.com writes the amount as a string. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Transaction(
            String date,
            String dateUtc,
            String instrumentName,
            String transactionType,
            String note,
            String reference,
            String size,
            String currency,
            @JsonIgnore Instant at) {
    }
}
