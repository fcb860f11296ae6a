package io.tickflow.marketsources.polygon;

/** What a failed Polygon REST call means for the caller. */
public enum PolygonErrorKind {
    /** 401/403: key missing, unknown, or the plan does not include the data ({@code NOT_AUTHORIZED}). Fix the config. */
    AUTH,
    /** 429 after every retry: the plan's request rate (free tier: 5 per minute) is spent. */
    RATE_LIMITED,
    /** Other 4xx: the request itself is wrong (ticker, range, timespan). */
    BAD_REQUEST,
    /** 5xx after every retry. */
    SERVER,
    /** No HTTP answer (refused, reset, timed out) after every retry. */
    TRANSPORT,
    /** A 200 whose body is not the documented shape. */
    MALFORMED
}
