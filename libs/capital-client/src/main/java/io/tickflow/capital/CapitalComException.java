package io.tickflow.capital;

/**
 * Capital.com answered with an error ({@code {"errorCode":"..."}}), or could not be reached at all (kind
 * {@link ErrorKind#TRANSPORT}, status 0). The request was definitely processed as a failure or never arrived; for answers
 * that never came back see {@link CapitalComTimeoutException}.
 */
public class CapitalComException extends RuntimeException {

    private final int httpStatus;
    private final String errorCode;
    private final ErrorKind kind;

    public CapitalComException(int httpStatus, String errorCode, ErrorKind kind) {
        this(httpStatus, errorCode, kind, null);
    }

    public CapitalComException(int httpStatus, String errorCode, ErrorKind kind, Throwable cause) {
        super("Capital.com " + (httpStatus == 0 ? "unreachable" : "HTTP " + httpStatus) + ": " + errorCode, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.kind = kind;
    }

    static CapitalComException fromAnswer(int httpStatus, String errorCode) {
        return new CapitalComException(httpStatus, errorCode, ErrorKind.of(errorCode));
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The full code as sent, e.g. {@code error.invalid.stoploss.minvalue: 17.146}. */
    public String errorCode() {
        return errorCode;
    }

    public ErrorKind kind() {
        return kind;
    }

    public boolean isSessionInvalid() {
        return "error.invalid.session.token".equals(errorCode) || "error.null.client.token".equals(errorCode)
                || "error.null.account.token".equals(errorCode);
    }
}
