-- Orders that close a broker position by its deal id (kill-switch flatten). At most one live close order per
-- position: asking twice to close the same deal finds the existing order. A refused close (e.g. the market was
-- closed) does not count, so a later round can try again.
ALTER TABLE execution.orders ADD COLUMN closes_deal_id text;
CREATE UNIQUE INDEX orders_closes_deal_id ON execution.orders (closes_deal_id)
    WHERE closes_deal_id IS NOT NULL AND status NOT IN ('REJECTED', 'RISK_REJECTED');

-- Realised P&L per instrument at the start of each UTC day, taken the first time risk needs it that day: today's
-- realised P&L is the ledger's cumulative figure minus this. Kept across restarts, so a restart does not reset the
-- daily loss limit.
CREATE TABLE execution.daily_pnl_open (
    day              date    NOT NULL,
    instrument       text    NOT NULL,
    realized_at_open numeric NOT NULL,
    PRIMARY KEY (day, instrument)
);

-- Engaging the kill switch can also flatten: the instance holding the trading lease then closes every open broker
-- position, round after round, until none is left or the switch is released.
ALTER TABLE execution.kill_switch ADD COLUMN flatten boolean NOT NULL DEFAULT false;
ALTER TABLE execution.kill_switch_changes ADD COLUMN flatten boolean NOT NULL DEFAULT false;
