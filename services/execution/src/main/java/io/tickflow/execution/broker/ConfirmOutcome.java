package io.tickflow.execution.broker;

import java.math.BigDecimal;

/** What {@code GET /confirms/{dealReference}} said. */
public sealed interface ConfirmOutcome {

    record Accepted(String dealId, BigDecimal price, BigDecimal size) implements ConfirmOutcome {
    }

    record Rejected(String reason) implements ConfirmOutcome {
    }

    /** 404: can be transient on Capital.com (the deal may still appear); never read as a rejection. */
    record NotFound() implements ConfirmOutcome {
    }

    /** Any other failure of the poll itself; try again. */
    record Unavailable(String reason) implements ConfirmOutcome {
    }
}
