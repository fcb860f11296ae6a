package io.tickflow.execution.broker;

/** What a market order submission told us. Only {@link Ambiguous} leaves the order's fate open. */
public sealed interface SubmitOutcome {

    /** The broker took the request and gave a reference to confirm it by. */
    record Sent(String dealReference) implements SubmitOutcome {
    }

    /** The broker refused the request itself (validation, rate limit, auth): nothing can have executed. */
    record Refused(String reason) implements SubmitOutcome {
    }

    /** No usable answer (timeout, connection lost, 5xx): the order may or may not exist at the broker. */
    record Ambiguous(String reason) implements SubmitOutcome {
    }
}
