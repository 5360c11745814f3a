-- Every catalog file an operator imported, kept whole: the catalog in force for a year is the built-in one
-- with that year's imports applied in id order (a full file replaces its scheme, a partial one adds to it).
CREATE TABLE catalog_imports (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    budget_year  integer     NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('function', 'department-economic', 'government-economic', 'mapping')),
    is_partial   boolean     NOT NULL,
    csv          bytea       NOT NULL,
    entries      integer     NOT NULL,
    version      text        NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX catalog_imports_year ON catalog_imports (budget_year, id);
