package io.tickflow.simulators.polygon;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One REST aggregate as {@code GET /v2/aggs/...} returns it in {@code results}: {@code t} is the window start, {@code n}
 * the number of trades. Tests put exact bars with {@link PolygonSimulator#putAggregates}; values are not validated, so a
 * test can serve a bad bar on purpose.
 */
public record AggregateBar(Instant t, BigDecimal o, BigDecimal h, BigDecimal l, BigDecimal c, BigDecimal v, BigDecimal vw,
                           Long n) {

    public AggregateBar {
        Objects.requireNonNull(t, "t");
    }
}
