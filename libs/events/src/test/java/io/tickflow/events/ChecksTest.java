package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
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
        // trailing zeros do not count, however many there are
        assertThat(Checks.exact(new BigDecimal("1.012345678900000"), "bid")).isEqualByComparingTo("1.0123456789");
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1.01234567891"), "bid"))
                .hasMessage("bid has more than 10 decimals: 1.01234567891");
        assertThatThrownBy(() -> Checks.exact(new BigDecimal("1.012345678910"), "bid"))
                .hasMessage("bid has more than 10 decimals: 1.012345678910");
    }
}
