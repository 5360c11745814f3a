-- From here on a report is stored as its protobuf bytes: only this service reads it back, and formatting tens of
-- KiB of protobuf JSON here and parsing it into jsonb in PostgreSQL cost more CPU per package than the rule engine.
-- Reports written before keep their jsonb copy and are read from it.
ALTER TABLE reports ADD COLUMN report_bytes bytea NULL;
ALTER TABLE reports ALTER COLUMN report DROP NOT NULL;
ALTER TABLE reports ADD CONSTRAINT reports_stored_once_at_least CHECK (report_bytes IS NOT NULL OR report IS NOT NULL);
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE reports ALTER COLUMN report_bytes SET COMPRESSION lz4;
    END IF;
END $$;
