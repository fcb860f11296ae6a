package io.tickflow.domain.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstrumentsTest {

    @Test
    void oilClosesDailyAndAtTheWeekendBitcoinNever() {
        TradingHours oil = Instruments.OIL_CRUDE.tradingHours();
        assertThat(oil.isOpen(Instant.parse("2026-11-25T12:00:00Z"))).isTrue(); // Wednesday
        assertThat(oil.isOpen(Instant.parse("2026-11-25T22:30:00Z"))).isFalse(); // daily break
        assertThat(oil.isOpen(Instant.parse("2026-11-25T23:30:00Z"))).isTrue();
        assertThat(oil.isOpen(Instant.parse("2026-11-28T12:00:00Z"))).isFalse(); // Saturday
        assertThat(oil.isOpen(Instant.parse("2026-11-29T23:10:00Z"))).isTrue(); // Sunday evening
        assertThat(Instruments.BTCUSD.tradingHours().isOpen(Instant.parse("2026-11-28T12:00:00Z"))).isTrue();
    }

    @Test
    void sizesAreCheckedAndFlooredOntoTheGrid() {
        Instrument btc = Instruments.BTCUSD;
        assertThat(btc.isValidSize(new BigDecimal("0.0150"))).isTrue();
        assertThat(btc.isValidSize(new BigDecimal("0.00015"))).isFalse();
        assertThat(btc.floorToGrid(new BigDecimal("0.012345"))).isEqualTo(new BigDecimal("0.0123"));
        assertThat(Instruments.OIL_CRUDE.isValidSize(new BigDecimal("0.5"))).isFalse();
    }

    @Test
    void hoursGivenInAnotherZoneAreAppliedInThatZone() {
        // 09:00-17:00 New York on Mondays: 14:00-22:00 UTC in winter
        TradingHours ny = TradingHours.parse(Map.of(DayOfWeek.MONDAY, List.of("09:00 - 17:00")),
                ZoneId.of("America/New_York"));
        assertThat(ny.isOpen(Instant.parse("2026-11-30T14:30:00Z"))).isTrue();
        assertThat(ny.isOpen(Instant.parse("2026-11-30T13:30:00Z"))).isFalse();
        assertThat(ny.isOpen(Instant.parse("2026-11-30T22:30:00Z"))).isFalse();
    }
}
