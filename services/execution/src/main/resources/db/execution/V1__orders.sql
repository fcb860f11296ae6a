-- Execution's own state. Every order state change is a row in order_transitions and an OrderEvent in the outbox,
-- written in the same transaction as the change itself (no dual write).
CREATE SCHEMA IF NOT EXISTS execution;

CREATE TABLE execution.orders (
    order_id        uuid        PRIMARY KEY,
    instrument      text        NOT NULL,
    side            text        NOT NULL CHECK (side IN ('BUY', 'SELL')),
    size            numeric     NOT NULL CHECK (size > 0),
    strategy_id     text        NOT NULL,
    signal_event_id uuid,
    status          text        NOT NULL,
    sequence        bigint      NOT NULL,
    deal_reference  text,
    deal_id         text,
    reason          text,
    fill_price      numeric,
    trace_id        text,
    traceparent     text,
    created_at      timestamptz NOT NULL,
    submitted_at    timestamptz,
    updated_at      timestamptz NOT NULL
);
-- one order per signal: a redelivered signal cannot trade twice
CREATE UNIQUE INDEX orders_signal_event_id ON execution.orders (signal_event_id) WHERE signal_event_id IS NOT NULL;
CREATE INDEX orders_open ON execution.orders (status) WHERE status NOT IN ('FILLED', 'REJECTED', 'RISK_REJECTED');

CREATE TABLE execution.order_transitions (
    order_id    uuid        NOT NULL REFERENCES execution.orders (order_id),
    sequence    bigint      NOT NULL,
    from_status text,
    to_status   text        NOT NULL,
    reason      text,
    at          timestamptz NOT NULL,
    PRIMARY KEY (order_id, sequence)
);

CREATE TABLE execution.fills (
    fill_id        uuid        PRIMARY KEY,
    order_id       uuid        NOT NULL REFERENCES execution.orders (order_id),
    deal_id        text        NOT NULL UNIQUE,
    instrument     text        NOT NULL,
    side           text        NOT NULL,
    size           numeric     NOT NULL,
    price          numeric     NOT NULL,
    commission     numeric     NOT NULL DEFAULT 0,
    reconciliation boolean     NOT NULL DEFAULT false,
    trace_id       text,
    event_time     timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fills_order ON execution.fills (order_id);

CREATE TABLE execution.positions (
    instrument    text        PRIMARY KEY,
    net_size      numeric     NOT NULL,
    average_price numeric     NOT NULL,
    realized_pnl  numeric     NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE execution.kill_switch (
    id         smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    engaged    boolean     NOT NULL,
    reason     text,
    changed_by text,
    changed_at timestamptz NOT NULL
);
INSERT INTO execution.kill_switch (engaged, reason, changed_by, changed_at)
VALUES (false, 'initial', 'migration', now());
