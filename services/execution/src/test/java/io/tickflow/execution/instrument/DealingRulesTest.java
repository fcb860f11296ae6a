package io.tickflow.execution.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.capital.MarketDetails;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the broker's {@code GET /markets/{epic}} answer becomes the instrument pre-trade risk checks against. */
class DealingRulesTest {

    @Test
    void theBrokersSizeGridDecimalsAndHoursReplaceTheDefaults() {
        MarketDetails oil = details("POINTS", "2", "500", "0.5", 3, new MarketDetails.OpeningHours("UTC",
                Map.of(DayOfWeek.WEDNESDAY, List.of(new MarketDetails.OpeningHours.TimeRange(LocalTime.of(1, 0),
                        LocalTime.of(21, 0))))), "TRADEABLE");
        Instrument i = DealingRules.toInstrument(Instruments.OIL_CRUDE, oil);
        assertThat(i.minSize()).isEqualByComparingTo("2");
        assertThat(i.maxSize()).isEqualByComparingTo("500");
        assertThat(i.sizeIncrement()).isEqualByComparingTo("0.5");
        assertThat(i.priceScale()).isEqualTo(3);
        assertThat(i.isValidSize(new BigDecimal("2.5"))).isTrue();
        assertThat(i.isValidSize(new BigDecimal("2.25"))).isFalse();
        assertThat(i.tradingHours().isOpen(Instant.parse("2026-11-25T12:00:00Z"))).isTrue(); // Wednesday
        assertThat(i.tradingHours().isOpen(Instant.parse("2026-11-25T21:30:00Z"))).isFalse();
        assertThat(i.tradingHours().isOpen(Instant.parse("2026-11-26T12:00:00Z"))).isFalse(); // Thursday: not listed
    }

    @Test
    void rulesTheBrokerDidNotSendOrSentInPercentKeepTheDefaults() {
        MarketDetails partial = details("PERCENTAGE", null, null, null, 0, null, "EDITS_ONLY");
        Instrument i = DealingRules.toInstrument(Instruments.BTCUSD, partial);
        assertThat(i.minSize()).isEqualByComparingTo(Instruments.BTCUSD.minSize());
        assertThat(i.maxSize()).isEqualByComparingTo(Instruments.BTCUSD.maxSize());
        assertThat(i.sizeIncrement()).isEqualByComparingTo(Instruments.BTCUSD.sizeIncrement());
        assertThat(i.priceScale()).isEqualTo(Instruments.BTCUSD.priceScale());
        assertThat(i.tradingHours()).isSameAs(Instruments.BTCUSD.tradingHours());
        assertThat(new DealingRules.Rules(i, "EDITS_ONLY", Instant.now()).tradeable()).isFalse();
        assertThat(new DealingRules.Rules(i, "TRADEABLE", Instant.now()).tradeable()).isTrue();
    }

    private static MarketDetails details(String unit, String min, String max, String step, int decimals,
            MarketDetails.OpeningHours hours, String status) {
        return new MarketDetails(
                new MarketDetails.Instrument("X", "X", "COMMODITIES", "USD", BigDecimal.ONE, BigDecimal.TEN,
                        "PERCENTAGE", hours),
                new MarketDetails.DealingRules(rule(unit, min), rule(unit, max), rule(unit, step), null, null, null,
                        null),
                new MarketDetails.Snapshot(status, null, null, null, null, null, null, decimals, 1));
    }

    private static MarketDetails.DealingRule rule(String unit, String value) {
        return value == null ? null : new MarketDetails.DealingRule(unit, new BigDecimal(value));
    }
}
