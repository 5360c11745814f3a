-- The district view counts only the approved or published revision of a department and year (issue 20): it
-- also hears when a revision is published, returned to its district or retracted from the website. Each is a
-- time, so events that arrive late or out of order still leave the revision's latest standing.
ALTER TABLE revision_states
    ADD COLUMN published_at timestamptz NULL,
    ADD COLUMN returned_at  timestamptz NULL,
    ADD COLUMN retracted_at timestamptz NULL;
