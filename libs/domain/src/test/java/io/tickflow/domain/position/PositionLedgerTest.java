package io.tickflow.domain.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.events.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionLedgerTest {

    @Test
    void averagesEntriesAndRealisesOnClose() {
        PositionLedger p = new PositionLedger("BTCUSD");
        p.apply(Side.BUY, new BigDecimal("0.5"), new BigDecimal("90000.00"));
        p.apply(Side.BUY, new BigDecimal("0.5"), new BigDecimal("91000.00"));
        assertThat(p.averagePrice()).isEqualByComparingTo("90500");
        assertThat(p.unrealizedPnl(new BigDecimal("91500.00"))).isEqualByComparingTo("1000");

        BigDecimal realised = p.apply(Side.SELL, new BigDecimal("0.4"), new BigDecimal("92000.00"));
        assertThat(realised).isEqualByComparingTo("600");
        assertThat(p.netSize()).isEqualByComparingTo("0.6");
        assertThat(p.averagePrice()).isEqualByComparingTo("90500");
    }

    @Test
    void flippingClosesThenOpensAtTheFillPrice() {
        PositionLedger p = new PositionLedger("OIL_CRUDE");
        p.apply(Side.BUY, BigDecimal.ONE, new BigDecimal("70.00"));
        BigDecimal realised = p.apply(Side.SELL, new BigDecimal("3"), new BigDecimal("69.50"));
        assertThat(realised).isEqualByComparingTo("-0.50");
        assertThat(p.netSize()).isEqualByComparingTo("-2");
        assertThat(p.averagePrice()).isEqualByComparingTo("69.50");
        assertThat(p.unrealizedPnl(new BigDecimal("69.00"))).isEqualByComparingTo("1.00");
    }

    @Test
    void pnlFromAnAverageNeverCarriesMoreThanTenDecimals() {
        PositionLedger p = new PositionLedger("BTCUSD");
        p.apply(Side.BUY, new BigDecimal("0.0100"), new BigDecimal("90000.01"));
        p.apply(Side.BUY, new BigDecimal("0.0200"), new BigDecimal("90000.02")); // average 90000.016666...
        assertThat(p.unrealizedPnl(new BigDecimal("90001.00")).scale()).isLessThanOrEqualTo(10);
        assertThat(p.apply(Side.SELL, new BigDecimal("0.0100"), new BigDecimal("90002.00")).scale())
                .isLessThanOrEqualTo(10);
    }

    @Test
    void exactDecimalsNoBinaryDrift() {
        PositionLedger p = new PositionLedger("BTCUSD");
        for (int i = 0; i < 10; i++) {
            p.apply(Side.BUY, new BigDecimal("0.1"), new BigDecimal("0.10"));
        }
        assertThat(p.netSize()).isEqualByComparingTo("1.0");
        p.apply(Side.SELL, BigDecimal.ONE, new BigDecimal("0.30"));
        assertThat(p.realizedPnl()).isEqualByComparingTo("0.2");
        assertThat(p.netSize().signum()).isZero();
    }
}
