package io.tickflow.simulators.polygon;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;

/**
 * An {@code XQ} crypto quote exactly as it goes on the wire: {@code bp}/{@code bs} bid price and size, {@code ap}/{@code as}
 * ask price and size, {@code t} epoch milliseconds, {@code x} exchange id, {@code r} receive time at Massive. Null fields
 * are left out of the JSON.
 */
public record CryptoQuote(String ev, String pair, BigDecimal bp, BigDecimal bs, BigDecimal ap,
                          @JsonProperty("as") BigDecimal askSize, Long t, Integer x, Long r) {
}
