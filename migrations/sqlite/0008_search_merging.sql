-- The server's background thread merges each text index's segments when no one is writing
-- (src/store/sqlite.c, "The same thread keeps the text indexes merged"): its 'merge'
-- command merges a level once it holds 'usermerge' segments, at least 2 (FTS5's default is
-- 4).  With 2, each level keeps a single segment and a search looks a word up in a handful
-- of segments instead of some 30.  Creates still merge by 'automerge' (8, 0005_search.sql).
INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rank) VALUES ('usermerge', 2);
INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rank) VALUES ('usermerge', 2);
INSERT INTO tickets_fts_internal (tickets_fts_internal, rank) VALUES ('usermerge', 2);
