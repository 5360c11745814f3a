-- Traces go to the Aspire Dashboard now (ADR 0012); the console's own span store is gone.
DROP TABLE IF EXISTS spans;
