-- Bars built by market-data's aggregator (1s, 1m, 5m, 1h): OHLC of the mid price, with bid and ask OHLC. One row per
-- instrument, resolution and open time; a bar is final once stored (late ticks are counted, not merged), so a
-- repeated insert of the same bar is skipped (ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS market_data.bars (
    instrument   text        NOT NULL,
    resolution   text        NOT NULL,
    open_time    timestamptz NOT NULL,
    close_time   timestamptz NOT NULL,
    event_id     uuid        NOT NULL,
    source       text        NOT NULL,
    open         numeric     NOT NULL,
    high         numeric     NOT NULL,
    low          numeric     NOT NULL,
    close        numeric     NOT NULL,
    bid_open     numeric     NOT NULL,
    bid_high     numeric     NOT NULL,
    bid_low      numeric     NOT NULL,
    bid_close    numeric     NOT NULL,
    ask_open     numeric     NOT NULL,
    ask_high     numeric     NOT NULL,
    ask_low      numeric     NOT NULL,
    ask_close    numeric     NOT NULL,
    tick_count   bigint      NOT NULL CHECK (tick_count > 0),
    ingest_time  timestamptz NOT NULL,
    stored_time  timestamptz NOT NULL DEFAULT now(),
    CHECK (low <= open AND low <= close AND high >= open AND high >= close),
    PRIMARY KEY (instrument, resolution, open_time)
);

-- Where TimescaleDB exists: bars become a hypertable, and a continuous aggregate derives one-minute mid bars from the
-- ticks themselves (market_data.ticks_1m), so bars for any past range can be had even where the aggregator did not
-- run (before it existed, or across a restart, whose first bar it does not emit). Plain PostgreSQL keeps the table;
-- the same queries on market_data.bars work on both.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('market_data.bars', 'open_time', chunk_time_interval => interval '7 days',
                                  if_not_exists => true);
        EXECUTE $view$
            CREATE MATERIALIZED VIEW IF NOT EXISTS market_data.ticks_1m
            WITH (timescaledb.continuous) AS
            SELECT instrument,
                   time_bucket(interval '1 minute', event_time) AS open_time,
                   first((bid + ask) / 2, event_time) AS open,
                   max((bid + ask) / 2) AS high,
                   min((bid + ask) / 2) AS low,
                   last((bid + ask) / 2, event_time) AS close,
                   first(bid, event_time) AS bid_open, max(bid) AS bid_high, min(bid) AS bid_low,
                   last(bid, event_time) AS bid_close,
                   first(ask, event_time) AS ask_open, max(ask) AS ask_high, min(ask) AS ask_low,
                   last(ask, event_time) AS ask_close,
                   count(*) AS tick_count
            FROM market_data.ticks
            GROUP BY instrument, time_bucket(interval '1 minute', event_time)
            WITH NO DATA
        $view$;
        PERFORM add_continuous_aggregate_policy('market_data.ticks_1m', start_offset => interval '1 day',
                                                end_offset => interval '1 minute',
                                                schedule_interval => interval '1 minute', if_not_exists => true);
    ELSE
        RAISE NOTICE 'timescaledb not installed: market_data.bars stays a plain table, no continuous aggregate';
    END IF;
END
$$;
