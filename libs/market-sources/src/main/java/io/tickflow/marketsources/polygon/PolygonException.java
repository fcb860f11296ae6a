package io.tickflow.marketsources.polygon;

/**
 * A Polygon/Massive REST call failed for good (after the retries the kind allows). The message holds the server's
 * {@code error}/{@code message} text and the request path with the key stripped.
 */
public class PolygonException extends RuntimeException {

    private final int httpStatus;
    private final PolygonErrorKind kind;

    public PolygonException(int httpStatus, PolygonErrorKind kind, String message, Throwable cause) {
        super("Polygon/Massive " + (httpStatus == 0 ? "unreachable" : "HTTP " + httpStatus) + " (" + kind + "): " + message,
                cause);
        this.httpStatus = httpStatus;
        this.kind = kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public PolygonErrorKind kind() {
        return kind;
    }
}
