-- The tick store: every normalised tick, written by market-data, read in time order by backtests.
-- Plain PostgreSQL table; a TimescaleDB hypertable (daily chunks, compressed after 7 days) where the extension exists.
CREATE SCHEMA IF NOT EXISTS market_data;

CREATE TABLE IF NOT EXISTS market_data.ticks (
    instrument   text        NOT NULL,
    event_time   timestamptz NOT NULL,
    event_id     uuid        NOT NULL,
    source       text        NOT NULL,
    bid          numeric     NOT NULL CHECK (bid > 0),
    ask          numeric     NOT NULL CHECK (ask >= bid),
    last         numeric,
    last_size    numeric,
    ingest_time  timestamptz NOT NULL,
    stored_time  timestamptz NOT NULL DEFAULT now(),
    -- the time column must be part of every unique key of a hypertable
    PRIMARY KEY (instrument, event_time, event_id)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('market_data.ticks', 'event_time',
                                  chunk_time_interval => interval '1 day', if_not_exists => true);
        ALTER TABLE market_data.ticks SET (timescaledb.compress, timescaledb.compress_segmentby = 'instrument');
        PERFORM add_compression_policy('market_data.ticks', interval '7 days', if_not_exists => true);
    ELSE
        RAISE NOTICE 'timescaledb not available: market_data.ticks stays a plain table';
    END IF;
END
$$;
