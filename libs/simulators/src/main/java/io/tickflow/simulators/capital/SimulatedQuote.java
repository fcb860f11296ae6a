package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.time.Instant;

/** One quote of the simulated market, prices on the instrument's decimal grid ({@code ofr} is Capital.com's name for the ask). */
public record SimulatedQuote(String epic, BigDecimal bid, BigDecimal ofr, BigDecimal bidQty, BigDecimal ofrQty, Instant timestamp) {
}
