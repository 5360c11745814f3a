-- Spans received over OTLP/HTTP. One row per span; a retried export is ignored by the primary key.
CREATE TABLE spans (
    trace_id        text        NOT NULL,
    span_id         text        NOT NULL,
    parent_span_id  text        NOT NULL,
    service_name    text        NOT NULL,
    name            text        NOT NULL,
    kind            integer     NOT NULL,
    start_ns        bigint      NOT NULL,
    end_ns          bigint      NOT NULL,
    status_code     integer     NOT NULL,
    status_message  text        NOT NULL,
    attributes      jsonb       NOT NULL,
    resource        jsonb       NOT NULL,
    events          jsonb       NOT NULL,
    submission_id   text        NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (trace_id, span_id)
);

CREATE INDEX spans_submission ON spans (submission_id) WHERE submission_id IS NOT NULL;
CREATE INDEX spans_start ON spans (start_ns);
