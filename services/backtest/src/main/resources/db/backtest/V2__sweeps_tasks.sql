-- Sweeps split into tasks (one per parameter set and window), progress counters, cancellation, and each task's
-- trades and (bounded) equity curve.

ALTER TABLE backtest.jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE backtest.jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'));
ALTER TABLE backtest.jobs
    ADD COLUMN worker_class     text,
    -- null until the job is split; includes the out-of-sample tasks a walk-forward job adds later
    ADD COLUMN tasks_total      integer,
    ADD COLUMN tasks_done       integer NOT NULL DEFAULT 0,
    ADD COLUMN tasks_failed     integer NOT NULL DEFAULT 0,
    -- tasks of the first phase (FULL or IN_SAMPLE); when they are all counted the out-of-sample phase starts
    ADD COLUMN in_sample_total  integer,
    ADD COLUMN summary          jsonb;
CREATE INDEX jobs_submitted_at ON backtest.jobs (submitted_at DESC, job_id);

CREATE TABLE backtest.tasks (
    task_id      uuid        PRIMARY KEY,
    job_id       uuid        NOT NULL REFERENCES backtest.jobs (job_id),
    idx          integer     NOT NULL,
    phase        text        NOT NULL CHECK (phase IN ('FULL', 'IN_SAMPLE', 'OUT_OF_SAMPLE')),
    fold         integer     NOT NULL,
    parameters   jsonb       NOT NULL,
    window_from  timestamptz NOT NULL,
    window_to    timestamptz NOT NULL,
    worker_class text        NOT NULL,
    definition   jsonb       NOT NULL,   -- the BacktestTask event
    state        text        NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    -- a claim is a lease: a worker that stops renewing it (crashed, hung) loses the task to the reaper
    lease_owner  text,
    lease_until  timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    result       jsonb,                  -- the task's figures (a BacktestResult keyed by the task id)
    error        text,
    finished_at  timestamptz,
    UNIQUE (job_id, idx)
);
CREATE INDEX tasks_expired_leases ON backtest.tasks (lease_until) WHERE state = 'RUNNING';

CREATE TABLE backtest.task_trades (
    task_id     uuid        NOT NULL REFERENCES backtest.tasks (task_id),
    seq         integer     NOT NULL,
    instrument  text        NOT NULL,
    side        text        NOT NULL,
    entry_time  timestamptz NOT NULL,
    entry_price numeric     NOT NULL,
    exit_time   timestamptz NOT NULL,
    exit_price  numeric     NOT NULL,
    size        numeric     NOT NULL,
    gross_pnl   numeric     NOT NULL,
    funding     numeric     NOT NULL,
    commission  numeric     NOT NULL,
    net_pnl     numeric     NOT NULL,
    PRIMARY KEY (task_id, seq)
);

-- bounded: one point per closed trade (at its exit), one per UTC midnight and the final one, whatever the tick count
CREATE TABLE backtest.task_equity (
    task_id uuid        NOT NULL REFERENCES backtest.tasks (task_id),
    seq     integer     NOT NULL,
    time    timestamptz NOT NULL,
    equity  numeric     NOT NULL,
    kind    text        NOT NULL,
    PRIMARY KEY (task_id, seq)
);
