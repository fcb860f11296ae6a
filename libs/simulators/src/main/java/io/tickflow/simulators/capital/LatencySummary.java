package io.tickflow.simulators.capital;

/**
 * Tick-to-order latency as measured by the probe: from the moment the simulator wrote the matched quote to the socket to the
 * moment it received the order, both on this JVM's {@code System.nanoTime()}.
 *
 * @param count           matched orders recorded in the histogram
 * @param p50Millis       median latency
 * @param p99Millis       99th percentile
 * @param maxMillis       worst case
 * @param unmatchedOrders orders whose quote was never streamed, or streamed too long ago to still be remembered
 * @param probeEveryN     the configured N (0 when the probe is off)
 */
public record LatencySummary(long count, double p50Millis, double p99Millis, double maxMillis, long unmatchedOrders,
                             int probeEveryN) {
}
