-- One submission per district/department/unit/budget year; every package received for it is a revision.
CREATE TABLE submissions (
    id               uuid        PRIMARY KEY,
    district_code    text        NOT NULL,
    department_code  text        NOT NULL,
    unit_code        text        NOT NULL,
    budget_year      integer     NOT NULL,
    department_name  text        NOT NULL,
    unit_name        text        NOT NULL,
    latest_revision  integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (district_code, department_code, unit_code, budget_year)
);

CREATE INDEX submissions_by_update ON submissions (updated_at DESC, id);

-- package_bytes is the package as received; package_json is the same package in protobuf's JSON mapping,
-- for people and ad-hoc queries.
CREATE TABLE revisions (
    submission_id      uuid        NOT NULL REFERENCES submissions (id),
    revision           integer     NOT NULL,
    content_hash       text        NOT NULL,
    package_bytes      bytea       NOT NULL,
    package_json       jsonb       NOT NULL,
    status             text        NOT NULL,
    received_at        timestamptz NOT NULL,
    submitted_by       text        NOT NULL,
    status_changed_at  timestamptz NOT NULL,
    report_id          uuid        NULL,
    errors             integer     NULL,
    warnings           integer     NULL,
    infos              integer     NULL,
    reviews            integer     NULL,
    PRIMARY KEY (submission_id, revision)
);

CREATE TABLE status_history (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id  uuid        NOT NULL,
    revision       integer     NOT NULL,
    status         text        NOT NULL,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    reason         text        NULL
);

CREATE INDEX status_history_by_revision ON status_history (submission_id, revision, id);

CREATE TABLE audit_entries (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    submission_id  uuid        NULL,
    revision       integer     NULL,
    reason         text        NULL
);

CREATE INDEX audit_entries_by_submission ON audit_entries (submission_id, id);

-- History and audit are evidence: the database itself refuses to rewrite them.
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;

CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history
    FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();

-- Only the sha256 of a key's secret is kept; the key id is public and finds the row.
CREATE TABLE api_keys (
    key_id         text        PRIMARY KEY,
    kind           text        NOT NULL,
    district_code  text        NULL,
    name           text        NOT NULL,
    secret_hash    bytea       NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     text        NOT NULL,
    revoked_at     timestamptz NULL,
    revoked_by     text        NULL
);
