package io.tickflow.marketsources.alphavantage;

/**
 * An Alpha Vantage call failed; {@link #kind()} says why. The message holds Alpha Vantage's own text (which can name the
 * key: it is replaced by {@code ***}) and the function called, never the URL with the key.
 */
public class AlphaVantageException extends RuntimeException {

    private final AlphaVantageErrorKind kind;

    public AlphaVantageException(AlphaVantageErrorKind kind, String message, Throwable cause) {
        super("Alpha Vantage " + kind + ": " + message, cause);
        this.kind = kind;
    }

    public AlphaVantageErrorKind kind() {
        return kind;
    }
}
