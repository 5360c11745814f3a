-- Many districts (all of Shanghai's) print no department or unit code, only names. A submission is now identified by
-- (district, department key, unit key, year), where a key is the printed code, or "name:" + the printed name where no
-- code is printed (see SubmissionKey). Existing rows all have codes: their keys are their codes, so they keep their
-- identity.
ALTER TABLE submissions ADD COLUMN department_key text, ADD COLUMN unit_key text;

UPDATE submissions SET
    department_key = CASE WHEN department_code <> '' THEN department_code ELSE 'name:' || btrim(department_name) END,
    unit_key       = CASE WHEN unit_code <> '' THEN unit_code ELSE 'name:' || btrim(unit_name) END;

ALTER TABLE submissions ALTER COLUMN department_key SET NOT NULL, ALTER COLUMN unit_key SET NOT NULL;

-- The old unique constraint's generated name is truncated by PostgreSQL: find it rather than spell it.
DO $$
DECLARE old_constraint name;
BEGIN
    SELECT conname INTO old_constraint FROM pg_constraint
    WHERE conrelid = 'submissions'::regclass AND contype = 'u'
      AND conkey = ARRAY(SELECT attnum FROM pg_attribute WHERE attrelid = 'submissions'::regclass
                         AND attname IN ('district_code', 'department_code', 'unit_code', 'budget_year') ORDER BY attnum)::smallint[];
    IF old_constraint IS NOT NULL THEN
        EXECUTE format('ALTER TABLE submissions DROP CONSTRAINT %I', old_constraint);
    END IF;
END $$;

ALTER TABLE submissions ADD CONSTRAINT submissions_identity UNIQUE (district_code, department_key, unit_key, budget_year);
