package io.tickflow.marketsources.alphavantage;

/** What a failed Alpha Vantage call means for the caller. Alpha Vantage reports all but the last three as HTTP 200. */
public enum AlphaVantageErrorKind {
    /** An answer without the data key that is neither an error nor a premium wall: throttling ({@code Information},
     *  {@code Note}, or whatever key comes next). Wait for the budget, do not retry at once. */
    THROTTLED,
    /** {@code Error Message} about the {@code apikey}: missing or invalid key. Fix the config. */
    INVALID_API_KEY,
    /** {@code Error Message} for anything else: wrong function, symbol, market or interval. */
    INVALID_CALL,
    /** The function needs a premium plan. */
    PREMIUM_ENDPOINT,
    /** Our own budget ({@code requestsPerDay} in 24 hours) is spent; nothing was sent. */
    BUDGET_EXHAUSTED,
    /** A non-200 answer. */
    HTTP,
    /** No HTTP answer (refused, reset, timed out). */
    TRANSPORT,
    /** A 200 whose body is not JSON or lacks what the documented shape has (e.g. the time zone). */
    MALFORMED
}
