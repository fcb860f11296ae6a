package io.tickflow.simulators.alphavantage;

/**
 * What an {@link AlphaVantageSimulator} has seen since it started.
 *
 * @param requestsReceived every {@code /query} request
 * @param requestsAnswered requests admitted past the key check and the limits (they count against the day)
 * @param requestsThrottled requests answered with a throttle message (burst, daily limit or injected)
 * @param usedToday        requests counted against the current simulated UTC day
 */
public record AlphaVantageStats(long requestsReceived, long requestsAnswered, long requestsThrottled, int usedToday) {
}
