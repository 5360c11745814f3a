-- The transactional outbox: events written in the same transaction as the change that caused them.
CREATE TABLE outbox_messages (
    id            uuid        PRIMARY KEY,
    message_urn   text        NOT NULL,
    payload       jsonb       NOT NULL,
    trace_parent  text        NULL,
    trace_state   text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    last_error    text        NULL
);

CREATE INDEX outbox_messages_pending ON outbox_messages (created_at) WHERE published_at IS NULL;

-- The inbox: one row per (consumer, message) processed, written in the consumer's own transaction.
CREATE TABLE inbox_messages (
    consumer      text        NOT NULL,
    message_id    uuid        NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
