-- The W3C trace parent of the change that queued website work (approval, retraction, republish request), so the
-- background publisher continues that trace instead of starting a new one.
ALTER TABLE publications ADD COLUMN trace_parent text NULL, ADD COLUMN trace_state text NULL;
