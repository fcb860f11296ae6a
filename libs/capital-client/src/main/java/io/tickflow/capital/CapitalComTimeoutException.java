package io.tickflow.capital;

import java.time.Duration;

/**
 * No answer within the request timeout, or the connection broke after the request was sent. For a dealing request this is an
 * <b>ambiguous outcome</b>: the order may have been executed. Never resend blindly; reconcile against positions, working
 * orders and activity (the client never retries non-GET requests itself).
 */
public class CapitalComTimeoutException extends RuntimeException {

    private final String method;
    private final String path;
    private final Duration timeout;

    public CapitalComTimeoutException(String method, String path, Duration timeout, Throwable cause) {
        super("no answer from Capital.com to " + method + " " + path + " within " + timeout + ": outcome unknown", cause);
        this.method = method;
        this.path = path;
        this.timeout = timeout;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Duration timeout() {
        return timeout;
    }
}
