-- PostgreSQL keeps each kind's words in a table of its own (issue 14: a search of one kind
-- reads that kind's rows only): migrations/postgresql/0017_search_by_kind.sql.  SQLite's
-- text indexes are one per kind already (0005).  Nothing changes here; the statement below
-- is there because SQLite refuses a migration that holds none.
SELECT 1;
