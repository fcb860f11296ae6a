package io.tickflow.marketdata.backfill;

import io.tickflow.events.BarResolution;
import java.time.Instant;
import java.util.UUID;

/**
 * One backfill as stored in {@code market_data.backfill_jobs} and shown by {@code GET /api/backfill/{id}}:
 * {@code pagesDone} of {@code pagesTotal} fixed pages are stored (the cursor), {@code rowsWritten} of the
 * {@code rowsReceived} bars were new.
 */
public record BackfillJob(
        UUID id,
        BackfillKind kind,
        String instrument,
        BarResolution resolution,
        Instant from,
        Instant to,
        BackfillState state,
        int pagesDone,
        int pagesTotal,
        long rowsReceived,
        long rowsWritten,
        String source,
        String error,
        int attempts,
        Instant notBefore,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    public BackfillPlan plan() {
        return new BackfillPlan(from, to, resolution);
    }
}
