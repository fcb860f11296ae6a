CREATE SCHEMA IF NOT EXISTS alerting;

-- One row per problem occurrence window: while an alert is open (not RESOLVED), the same fingerprint only bumps
-- occurrences and last_seen, and no new notification goes out.
CREATE TABLE alerting.alerts (
    alert_id     uuid        PRIMARY KEY,
    fingerprint  text        NOT NULL,
    rule_id      text        NOT NULL,
    severity     text        NOT NULL,
    summary      text        NOT NULL,
    labels       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    trace_id     text,
    runbook_url  text,
    status       text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    occurrences  bigint      NOT NULL DEFAULT 1,
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    acknowledged_by text,
    resolved_at  timestamptz
);
CREATE UNIQUE INDEX alerts_open_fingerprint ON alerting.alerts (fingerprint) WHERE status <> 'RESOLVED';
