-- Position changes made outside Tickflow (on the broker's own platform, by a stop, by a margin close-out), found by
-- reconciliation as a stable difference between the broker's net position and the ledger, and booked so positions
-- and P&L follow the broker. Every row is also an alert (tickflow_external_position_changes_total).
CREATE TABLE execution.external_changes (
    id          bigserial   PRIMARY KEY,
    instrument  text        NOT NULL,
    broker_net  numeric     NOT NULL,
    ledger_net  numeric     NOT NULL,
    difference  numeric     NOT NULL,
    price       numeric     NOT NULL,
    price_basis text        NOT NULL,
    detected_at timestamptz NOT NULL
);
