-- FTS5 flushes the words it holds as a new segment whenever another statement of the
-- transaction begins, so the insert triggers wrote one segment per ticket: a group commit of
-- 32 creates wrote 32 segments, each merged again later.  The store now notes each new
-- ticket and indexes them together at the commit (db_ops.index_later, sqlite.c); the update
-- and delete triggers stay (a change of text is rarer, and indexes what was noted first).
DROP TRIGGER tickets_fts_b2b_insert;
DROP TRIGGER tickets_fts_b2c_insert;
DROP TRIGGER tickets_fts_internal_insert;
