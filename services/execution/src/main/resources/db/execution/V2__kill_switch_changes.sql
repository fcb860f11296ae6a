-- Who changed the kill switch, when, why, and through which door (REST or the control topic).
CREATE TABLE execution.kill_switch_changes (
    id         bigserial   PRIMARY KEY,
    engaged    boolean     NOT NULL,
    reason     text        NOT NULL,
    changed_by text        NOT NULL,
    source     text        NOT NULL CHECK (source IN ('api', 'kafka')),
    command_id uuid        UNIQUE, -- a redelivered control command changes nothing twice
    changed_at timestamptz NOT NULL
);
