CREATE SCHEMA IF NOT EXISTS backtest;

CREATE TABLE backtest.jobs (
    job_id       uuid        PRIMARY KEY,
    definition   jsonb       NOT NULL,   -- the BacktestJob event as submitted
    status       text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    submitted_at timestamptz NOT NULL,
    finished_at  timestamptz
);

CREATE TABLE backtest.results (
    job_id       uuid        PRIMARY KEY REFERENCES backtest.jobs (job_id),
    result       jsonb       NOT NULL,   -- the BacktestResult event
    code_version text        NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT now()
);
