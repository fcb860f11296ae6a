package io.tickflow.marketsources;

import java.time.Instant;

/**
 * A piece of input a connector dropped, for metrics and a dead-letter topic.
 *
 * @param source the connector ({@code polygon}, {@code alphavantage})
 * @param detail what exactly was wrong, e.g. {@code bid 101.5 > ask 101.4}
 * @param input  the offending event or frame, abbreviated to {@link #MAX_INPUT_CHARS}; vendor input never carries our key
 * @param at     when it was dropped
 */
public record RejectedInput(String source, RejectReason reason, String detail, String input, Instant at) {

    public static final int MAX_INPUT_CHARS = 512;

    public RejectedInput {
        if (input != null && input.length() > MAX_INPUT_CHARS) {
            input = input.substring(0, MAX_INPUT_CHARS) + "...";
        }
    }
}
