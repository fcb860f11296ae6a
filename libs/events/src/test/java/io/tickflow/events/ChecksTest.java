package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChecksTest {

    /** The documented rule, as a regex: the hand-written check must agree with it on every case. */
    private static final Pattern RULE = Pattern.compile("[A-Z0-9_.]{1,32}");

    @Test
    void instrumentIdsFollowTheDocumentedPattern() {
        List<String> cases = List.of("BTCUSD", "OIL_CRUDE", "US500", "DE40.X", "A", "A".repeat(32), "A".repeat(33),
                "btcusd", "BTC USD", "BTC-USD", "BTCUSD\n", "ÄBC", "", " ", "OIL_CRUDE\u0000", "0", "_.");
        for (String id : cases) {
            if (RULE.matcher(id).matches()) {
                assertThat(Checks.instrument(id)).as(id).isEqualTo(id);
            } else {
                assertThatThrownBy(() -> Checks.instrument(id)).as(id).isInstanceOf(InvalidEventException.class);
            }
        }
        assertThatThrownBy(() -> Checks.instrument(null)).hasMessage("instrument is required");
        assertThatThrownBy(() -> Checks.instrument("btc"))
                .hasMessage("instrument 'btc' is not a valid instrument id");
    }

    @Test
    void amountsKeepAtMostTenSignificantDecimals() {
        assertThat(Checks.exact(new BigDecimal("1.0123456789"), "bid")).isEqualByComparingTo("1.0123456789");
        // trailing zeros do not count, up to the 16,383 decimals PostgreSQL's numeric holds
        assertThat(Checks.exact(new BigDecimal("1.012345678900000"), "bid")).isEqualByComparingTo("1.0123456789");
        assertThat(Checks.exact(new BigDecimal("1." + "0".repeat(16_383)), "bid")).isEqualByComparingTo("1");
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1." + "0".repeat(16_384)), "bid"))
                .hasMessage("bid is written with more than 16383 decimals (scale 16384)");
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1.01234567891"), "bid"))
                .hasMessage("bid has more than 10 decimals: 1.01234567891");
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1.012345678910"), "bid"))
                .hasMessage("bid has more than 10 decimals: 1.012345678910");
    }

    @Test
    void amountsHaveNoMoreIntegerDigitsThanPostgresHoldsAndNoneIsBuiltToSaySo() {
        assertThat(Checks.exact(new BigDecimal("9".repeat(60) + ".5"), "cagr")).isNotNull(); // an annualised return
        assertThat(Checks.exact(new BigDecimal("-1E+131071"), "pnl")).isNotNull();
        assertThat(Checks.exact(BigDecimal.ZERO.setScale(-200_000), "size")).isNotNull();
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1E+131072"), "ask"))
                .hasMessage("ask has more than 131072 digits before the decimal point");
        // 400 million digits if printed: refused from precision and scale alone
        assertThatThrownBy(() -> Checks.positive(new BigDecimal("-1E+400000000"), "bid"))
                .hasMessage("bid has more than 131072 digits before the decimal point");
    }

    @Test
    void instantsAreWithinTheYearsOneToNineThousandNineHundredNinetyNine() {
        assertThat(Checks.instant(Instant.parse("0001-01-01T00:00:00Z"), "eventTime")).isEqualTo(Checks.EARLIEST);
        assertThat(Checks.instant(Instant.parse("9999-12-31T23:59:59.999999999Z"), "eventTime"))
                .isEqualTo(Checks.LATEST);
        assertThatThrownBy(() -> Checks.instant(Instant.parse("+300000-01-01T00:00:00Z"), "eventTime"))
                .hasMessage("eventTime +300000-01-01T00:00:00Z is outside the years 0001 to 9999");
        assertThatThrownBy(() -> Checks.instant(Checks.EARLIEST.minusNanos(1), "ingestTime"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> Checks.envelope(java.util.UUID.randomUUID(), Instant.MAX, Instant.EPOCH))
                .hasMessageStartingWith("eventTime +1000000000-12-31T23:59:59.999999999Z is outside");
        assertThatThrownBy(() -> Checks.instant(null, "eventTime")).hasMessage("eventTime is required");
    }
}
