-- One report per submission revision: the whole report as protobuf JSON, plus the counts lists and status need.
CREATE TABLE reports (
    report_id                       uuid        PRIMARY KEY,
    submission_id                   uuid        NOT NULL,
    revision                        integer     NOT NULL,
    content_hash                    text        NOT NULL,
    rule_catalog_version            text        NOT NULL,
    classification_catalog_version  text        NOT NULL,
    errors                          integer     NOT NULL,
    warnings                        integer     NOT NULL,
    infos                           integer     NOT NULL,
    reviews                         integer     NOT NULL,
    rules                           integer     NOT NULL,
    report                          jsonb       NOT NULL,
    created_at                      timestamptz NOT NULL,
    CONSTRAINT reports_one_per_revision UNIQUE (submission_id, revision)
);

-- A revision whose reconciliation has been announced (ReconciliationStarted written to the outbox once).
CREATE TABLE reconciliation_starts (
    submission_id  uuid        NOT NULL,
    revision       integer     NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (submission_id, revision)
);
