-- An operator's working marks on a submission, beside its status: the revision they marked reviewed (已审阅; a newer
-- revision starts unmarked) and the operator it is assigned to. Every change is also an audit entry.
ALTER TABLE submissions
    ADD COLUMN reviewed_revision integer     NULL,
    ADD COLUMN reviewed_by       text        NULL,
    ADD COLUMN reviewed_at       timestamptz NULL,
    ADD COLUMN assignee          text        NULL,
    ADD COLUMN assigned_by       text        NULL,
    ADD COLUMN assigned_at       timestamptz NULL;
