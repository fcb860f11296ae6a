package io.tickflow.capital;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A streamed quote.
 *
 * @param ofr           the ask (Capital.com's field name)
 * @param timestamp     the broker's quote time
 * @param receivedNanos {@code System.nanoTime()} when the frame arrived, for latency measurements inside this JVM
 */
public record Quote(String epic, BigDecimal bid, BigDecimal ofr, BigDecimal bidQty, BigDecimal ofrQty, Instant timestamp,
                    long receivedNanos) {
}
