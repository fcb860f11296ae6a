package io.tickflow.marketdata.capital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A Capital.com quote the Tick contract refuses is dead-lettered under the same reasons as the other sources'. */
class CapitalQuoteIngestorTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static RejectReason reasonFor(String epic, String bid, String ask, Instant at) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> new Tick(Tick.SCHEMA_VERSION,
                UUID.randomUUID(), at, T, epic, "capital", bid == null ? null : new BigDecimal(bid),
                ask == null ? null : new BigDecimal(ask), null, null));
        assertThat(e).as("the tick must be refused").isNotNull();
        return CapitalQuoteIngestor.reasonOf(e);
    }

    @Test
    void refusedQuotesAreClassified() {
        assertThat(reasonFor("BTCUSD", "90010.00", "90000.00", T)).isEqualTo(RejectReason.CROSSED_QUOTE);
        assertThat(reasonFor("BTCUSD", "-1", "90000.00", T)).isEqualTo(RejectReason.INVALID_PRICE);
        assertThat(reasonFor("BTCUSD", "0.00000000001", "90000.00", T)).isEqualTo(RejectReason.INVALID_PRICE);
        assertThat(reasonFor("BTCUSD", null, "90000.00", T)).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reasonFor("BTCUSD", "90000.00", "90010.00", null)).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reasonFor("btc usd", "90000.00", "90010.00", T)).isEqualTo(RejectReason.UNKNOWN_SYMBOL);
    }
}
