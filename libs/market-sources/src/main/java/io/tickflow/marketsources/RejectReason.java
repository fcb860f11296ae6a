package io.tickflow.marketsources;

/** Why a connector dropped a piece of input. Each is counted per source; none of them closes a connection. */
public enum RejectReason {
    /** Not JSON, or JSON of the wrong shape (an event that is not an object, a timestamp that is not a number). */
    MALFORMED_FRAME,
    /** A field the event cannot do without is absent or null. */
    MISSING_FIELD,
    /** A price that is NaN, infinite, zero, negative, not a number, or has more decimals than any venue quotes. */
    INVALID_PRICE,
    /** A size or volume that is negative or not a number. */
    INVALID_SIZE,
    /** A quote whose bid is above its ask. */
    CROSSED_QUOTE,
    /** A bar whose high is below its low, or whose open or close lies outside [low, high], or whose window is wrong. */
    INCONSISTENT_BAR,
    /** A timestamp too far in the future, or (for live streams) too old to be a live event. */
    TIMESTAMP_OUT_OF_RANGE,
    /** A symbol that is not in the symbol map, or that this client did not subscribe to. */
    UNKNOWN_SYMBOL,
    /** An event type this client does not handle. */
    UNKNOWN_EVENT
}
