package io.tickflow.simulators.polygon;

import java.math.BigDecimal;
import java.util.List;

/**
 * An {@code XT} crypto trade as it goes on the wire: price {@code p}, size {@code s}, {@code t} epoch milliseconds,
 * condition codes {@code c}, trade id {@code i}, exchange id {@code x}, receive time {@code r}. Null fields are left out.
 */
public record CryptoTrade(String ev, String pair, BigDecimal p, Long t, BigDecimal s, List<Integer> c, String i, Integer x,
                          Long r) {
}
