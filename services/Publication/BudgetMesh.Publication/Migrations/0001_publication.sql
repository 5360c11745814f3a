-- One row per submission: the revision that is (or is to be) on the website. A newer approved revision
-- replaces the row's content and goes back to pending; the publisher does the website work and moves the
-- state on. change_no guards against finishing a push for content that changed meanwhile.
CREATE TABLE publications (
    submission_id      uuid        PRIMARY KEY,
    revision           integer     NOT NULL,
    content_hash       text        NOT NULL,
    state              text        NOT NULL CHECK (state IN ('pending', 'published', 'refused', 'retraction_pending', 'retracted')),
    change_no          integer     NOT NULL DEFAULT 1,
    district_code      text        NOT NULL DEFAULT '',
    district_name      text        NOT NULL DEFAULT '',
    department_code    text        NOT NULL DEFAULT '',
    department_name    text        NOT NULL DEFAULT '',
    unit_code          text        NOT NULL DEFAULT '',
    unit_name          text        NOT NULL DEFAULT '',
    budget_year        integer     NOT NULL DEFAULT 0,
    directory          text        NOT NULL DEFAULT '',
    -- The approved revision's canonical protobuf bytes: the publisher renders from these, never from a re-fetch.
    package            bytea       NULL,
    approved_by        text        NOT NULL,
    approved_at        timestamptz NOT NULL,
    override_reason    text        NULL,
    refusal_reason     text        NULL,
    -- What the website holds for this submission right now (paths from the site root).
    files              text[]      NOT NULL DEFAULT '{}',
    published_at       timestamptz NULL,
    -- The content last announced with DisclosurePublished: a re-push of the same content is not news.
    announced_hash     text        NULL,
    retracted_by       text        NULL,
    retraction_reason  text        NULL,
    retracted_at       timestamptz NULL,
    attempts           integer     NOT NULL DEFAULT 0,
    last_error         text        NULL,
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX publications_due ON publications (next_attempt_at) WHERE state IN ('pending', 'retraction_pending');
CREATE INDEX publications_district_year ON publications (district_code, budget_year);

-- Append-only: every approval taken in, refusal, push, retraction and republish request, with who and why.
CREATE TABLE publication_history (
    id             bigserial   PRIMARY KEY,
    submission_id  uuid        NOT NULL,
    revision       integer     NOT NULL,
    action         text        NOT NULL,
    actor          text        NOT NULL,
    reason         text        NULL,
    at             timestamptz NOT NULL
);

CREATE INDEX publication_history_submission ON publication_history (submission_id, id);
