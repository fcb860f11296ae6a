package io.tickflow.marketsources.alphavantage;

/**
 * Alpha Vantage answered HTTP 200 without the data key and without an error: throttled. Detected by the missing data key,
 * not by the key the notice came under ({@link #noticeKey()}: {@code Information} today, {@code Note} until about 2023),
 * because that key has changed more than once and broke every client that looked for it.
 */
public class AlphaVantageThrottledException extends AlphaVantageException {

    private final String noticeKey;

    public AlphaVantageThrottledException(String noticeKey, String message) {
        super(AlphaVantageErrorKind.THROTTLED, message, null);
        this.noticeKey = noticeKey;
    }

    /** The key the notice arrived under, or null if the answer had no text at all. */
    public String noticeKey() {
        return noticeKey;
    }
}
