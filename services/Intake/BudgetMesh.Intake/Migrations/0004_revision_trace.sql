-- The trace of the SubmitPackage call that stored each revision, so the revision's later decisions (an approval starts
-- a trace of its own, from an operator's request) link back to it: one package's journey, joined by span links.
ALTER TABLE revisions ADD COLUMN trace_parent text NULL, ADD COLUMN trace_state text NULL;
