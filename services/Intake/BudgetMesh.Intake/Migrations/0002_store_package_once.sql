-- From here on the package is stored once, as package_bytes. package_json keeps the header only
-- ({"header": {...}} in protobuf's JSON mapping): what people filter on in ad-hoc queries. Formatting the
-- whole package as JSON in Intake and parsing it into jsonb here cost more CPU than the rest of a submission.
-- Rows written before this migration keep their whole package in package_json.
COMMENT ON COLUMN revisions.package_json IS 'the package header only (protobuf JSON mapping), for ad-hoc queries; the package is package_bytes';

-- lz4 compresses the package bytes several times faster than the default pglz, where the server has it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE revisions ALTER COLUMN package_bytes SET COMPRESSION lz4;
    END IF;
END $$;
