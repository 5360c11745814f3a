-- CheckThreePublic reads one department's revisions of one year (T4's recorded prior year) on every check.
CREATE INDEX checked_revisions_department_year ON checked_revisions (district_code, department_code, budget_year);
