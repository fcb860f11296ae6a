-- The transactional outbox of a service (see io.tickflow.messaging.OutboxRelay), created in the service's own schema:
-- services list db/outbox among their Flyway locations next to their own migrations.
CREATE TABLE ${flyway:defaultSchema}.outbox (
    id           bigserial   PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    event_type   text        NOT NULL,
    payload      text        NOT NULL,
    traceparent  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON ${flyway:defaultSchema}.outbox (id) WHERE published_at IS NULL;
