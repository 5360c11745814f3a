-- The figures of every checked revision (万元, 元 tables converted), recorded as pending when
-- CheckThreePublic runs; they count for the district view once the revision is reconciled or approved.
CREATE TABLE checked_revisions (
    submission_id      uuid        NOT NULL,
    revision           integer     NOT NULL,
    district_code      text        NOT NULL,
    department_code    text        NOT NULL,
    department_name    text        NOT NULL,
    unit_code          text        NOT NULL,
    budget_year        integer     NOT NULL,
    total              numeric     NOT NULL,
    outbound_travel    numeric     NOT NULL,
    vehicles_subtotal  numeric     NOT NULL,
    vehicle_purchase   numeric     NOT NULL,
    vehicle_operation  numeric     NOT NULL,
    reception          numeric     NOT NULL,
    prior_year_total   numeric     NULL,
    checked_at         timestamptz NOT NULL,
    PRIMARY KEY (submission_id, revision)
);

CREATE INDEX checked_revisions_district_year ON checked_revisions (district_code, budget_year);

-- What the bus said about a revision. Kept apart from the figures so an event that arrives before the
-- check is recorded (or a re-check after it) loses nothing.
CREATE TABLE revision_states (
    submission_id  uuid        NOT NULL,
    revision       integer     NOT NULL,
    reconciled_at  timestamptz NULL,
    approved_at    timestamptz NULL,
    PRIMARY KEY (submission_id, revision)
);
