package io.tickflow.marketsources;

/**
 * Thrown while decoding vendor input that has to be dropped; carries the {@link RejectReason} it is counted under. Decoders
 * throw it, connectors catch it, count it and go on with the next event: it never reaches a caller.
 */
public final class InvalidInputException extends RuntimeException {

    private final RejectReason reason;

    public InvalidInputException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
