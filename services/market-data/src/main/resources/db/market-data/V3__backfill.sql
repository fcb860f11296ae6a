-- Gap repair and backfill (market-data's backfill/ package). Versions continue those of db/tickstore (V1 ticks,
-- V2 bars): both folders are Flyway locations of market-data and share its schema history.

-- Bars loaded from a source's history (Capital.com GET /prices, Polygon aggregates) are marked, so backtests and
-- operators can tell them from bars the aggregator built from stored ticks. Their natural key stays
-- (instrument, resolution, open_time): a backfill never duplicates a bar, and repeating one writes nothing.
ALTER TABLE market_data.bars ADD COLUMN IF NOT EXISTS backfilled boolean NOT NULL DEFAULT false;
-- Trade bars (Polygon) have no bid/ask sides; a history bar's count is the source's (Capital.com's lastTradedVolume,
-- Polygon's trade count), which may be zero.
ALTER TABLE market_data.bars ALTER COLUMN bid_open DROP NOT NULL, ALTER COLUMN bid_high DROP NOT NULL,
    ALTER COLUMN bid_low DROP NOT NULL, ALTER COLUMN bid_close DROP NOT NULL, ALTER COLUMN ask_open DROP NOT NULL,
    ALTER COLUMN ask_high DROP NOT NULL, ALTER COLUMN ask_low DROP NOT NULL, ALTER COLUMN ask_close DROP NOT NULL;
ALTER TABLE market_data.bars DROP CONSTRAINT IF EXISTS bars_tick_count_check;
ALTER TABLE market_data.bars ADD CONSTRAINT bars_tick_count_check CHECK (tick_count >= 0);

-- One row per backfill: requested by an operator (MANUAL), or a gap repair of the merged feed (GAP) or of an outage
-- found at start-up (RESTART). The range is cut into fixed pages of at most 1000 bars (Capital.com's page limit);
-- pages_done is the cursor, advanced in the same transaction that stores the page's bars, so a job that stops for
-- any reason (cancel, crash, restart) resumes at the first page it has not stored.
CREATE TABLE IF NOT EXISTS market_data.backfill_jobs (
    id            uuid        PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('MANUAL', 'GAP', 'RESTART')),
    instrument    text        NOT NULL,
    resolution    text        NOT NULL,
    from_time     timestamptz NOT NULL,
    to_time       timestamptz NOT NULL,
    state         text        NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    pages_total   integer     NOT NULL CHECK (pages_total >= 0),
    pages_done    integer     NOT NULL DEFAULT 0 CHECK (pages_done >= 0 AND pages_done <= pages_total),
    rows_received bigint      NOT NULL DEFAULT 0,
    rows_written  bigint      NOT NULL DEFAULT 0,
    source        text,
    last_error    text,
    attempts      integer     NOT NULL DEFAULT 0,
    -- a gap's last bar is still forming at the source until this time: the job waits for it
    not_before    timestamptz NOT NULL DEFAULT now(),
    -- the instance running the job and until when its claim holds (renewed with every page)
    owner         text,
    lease_until   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    CHECK (to_time > from_time)
);
-- At most one unfinished job per range: asking again for the same range resumes it.
CREATE UNIQUE INDEX IF NOT EXISTS backfill_jobs_open_range ON market_data.backfill_jobs
    (instrument, resolution, from_time, to_time) WHERE state <> 'SUCCEEDED';
CREATE INDEX IF NOT EXISTS backfill_jobs_runnable ON market_data.backfill_jobs (not_before)
    WHERE state IN ('PENDING', 'RUNNING');
