package io.tickflow.simulators.polygon;

import java.math.BigDecimal;

/**
 * An {@code XA} (per minute) or {@code XAS} (per second) aggregate as it goes on the wire: OHLC and volume of the trades in
 * [{@code s}, {@code e}) (epoch milliseconds), volume-weighted price {@code vw}, average trade size {@code z}. Null fields are
 * left out.
 */
public record CryptoAggregate(String ev, String pair, BigDecimal o, BigDecimal c, BigDecimal h, BigDecimal l, BigDecimal v,
                              Long s, Long e, BigDecimal vw, BigDecimal z) {
}
