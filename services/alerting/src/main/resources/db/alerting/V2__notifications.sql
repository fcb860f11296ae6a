-- Notifications to humans (webhook, Slack, Telegram, email), as an outbox: the rows are written in the same
-- transaction that opens, resolves or escalates an alert, and NotificationDispatcher delivers them afterwards, so a
-- crash or a restart loses none and a committed alert change always gets its notices.

-- When the alert was opened by this service (database clock): the escalation timer starts here. first_seen is the
-- event's own time and may lie in the past (replays, Alertmanager's startsAt).
ALTER TABLE alerting.alerts ADD COLUMN opened_at timestamptz NOT NULL DEFAULT now();
-- When FIRING notices were queued for this alert (null: not yet, or held back by the throttling window).
ALTER TABLE alerting.alerts ADD COLUMN notified_at timestamptz;
-- Set while the FIRING notices are held back by the throttling window of its fingerprint: queue them then, if the
-- alert is still open.
ALTER TABLE alerting.alerts ADD COLUMN notify_after timestamptz;
-- When a CRITICAL alert left unacknowledged past the ack timeout was escalated (at most once).
ALTER TABLE alerting.alerts ADD COLUMN escalated_at timestamptz;

-- Alerts from before notifications existed were never notified; do not escalate them all at once after the upgrade.
UPDATE alerting.alerts SET opened_at = first_seen, escalated_at = now();

CREATE INDEX alerts_fingerprint_notified ON alerting.alerts (fingerprint, notified_at)
    WHERE notified_at IS NOT NULL;
CREATE INDEX alerts_notify_after ON alerting.alerts (notify_after) WHERE notify_after IS NOT NULL;
CREATE INDEX alerts_escalation_due ON alerting.alerts (opened_at)
    WHERE status = 'OPEN' AND severity = 'CRITICAL' AND escalated_at IS NULL;

-- One row per alert x channel x kind: the unique key makes queueing idempotent, so no notice is queued twice.
CREATE TABLE alerting.notifications (
    id              bigserial   PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alerting.alerts (alert_id),
    channel         text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('FIRING', 'RESOLVED', 'ESCALATION')),
    status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    -- delivery attempts started (counted when an attempt is claimed, so a crash mid-attempt counts too)
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- an instance that claimed the row owns it until then; after a crash the lease runs out and another takes it
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (alert_id, channel, kind)
);
CREATE INDEX notifications_due ON alerting.notifications (channel, next_attempt_at) WHERE status = 'PENDING';
