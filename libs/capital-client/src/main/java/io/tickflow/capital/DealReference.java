package io.tickflow.capital;

/** The {@code dealReference} of a dealing request ({@code o_...} for orders, {@code p_...} for position changes). */
public record DealReference(String dealReference) {
}
