package io.tickflow.alerting.notify;

import java.time.Duration;

/** What one delivery attempt came to. Error texts are redacted: they never contain a token or a secret URL. */
public sealed interface Outcome {

    Outcome DELIVERED = new Delivered();

    /** The receiver accepted it. */
    record Delivered() implements Outcome {
    }

    /**
     * Worth retrying: a 5xx, a 429, a time-out or a connection error. {@code retryAfter} is what the receiver asked
     * for (Retry-After, Telegram's retry_after), or null.
     */
    record Transient(String error, Duration retryAfter) implements Outcome {
    }

    /** Retrying cannot help: a 4xx other than 429 (bad payload, bad token, unknown chat), a 5xx SMTP reply. */
    record Permanent(String error) implements Outcome {
    }
}
