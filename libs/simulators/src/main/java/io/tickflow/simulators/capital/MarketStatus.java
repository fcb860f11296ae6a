package io.tickflow.simulators.capital;

/** Capital.com's {@code marketStatus} values; the simulator produces TRADEABLE and CLOSED itself, the others only when forced. */
public enum MarketStatus {
    TRADEABLE, CLOSED, EDITS_ONLY, OFFLINE, ON_AUCTION, ON_AUCTION_NO_EDITS, SUSPENDED
}
