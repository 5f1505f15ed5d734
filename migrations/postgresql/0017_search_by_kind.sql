-- ticket_search partitioned by kind (issue 14).  A search is of one kind, and in one table the
-- kinds' rows lie interleaved: the capped count of a common word (a sequential scan that stops
-- at the 1000th match) read every kind's rows to find the one kind's matches, and the page
-- (the newest matches, off the primary key backward) skipped the other kinds' rows too.  With
-- a partition per kind both read that kind's rows alone; the queries are the same (pg.c: the
-- kind is a literal in them, so the planner keeps to its partition).  Each partition has its
-- own GIN index instead of the partial ones.
DROP INDEX ticket_search_b2b, ticket_search_b2c, ticket_search_internal;
ALTER TABLE ticket_search RENAME TO ticket_search_old;
ALTER INDEX ticket_search_pkey RENAME TO ticket_search_old_pkey;

-- The kind is part of the key: a partitioned table's unique keys hold its partition key.
CREATE TABLE ticket_search (
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	search tsvector NOT NULL,
	PRIMARY KEY (ticket_id, kind)
) PARTITION BY LIST (kind);
CREATE TABLE ticket_search_b2b PARTITION OF ticket_search FOR VALUES IN ('b2b');
CREATE TABLE ticket_search_b2c PARTITION OF ticket_search FOR VALUES IN ('b2c');
CREATE TABLE ticket_search_internal PARTITION OF ticket_search FOR VALUES IN ('internal');
INSERT INTO ticket_search (ticket_id, kind, search)
	SELECT ticket_id, kind, search FROM ticket_search_old ORDER BY ticket_id;
DROP TABLE ticket_search_old;
CREATE INDEX ticket_search_words ON ticket_search USING GIN (search);

-- The trigger's upsert finds a ticket's row by its id and kind; a ticket whose kind changes
-- leaves its old kind's partition.
CREATE OR REPLACE FUNCTION ticket_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.kind <> NEW.kind THEN
		DELETE FROM ticket_search WHERE ticket_id = OLD.ticket_id AND kind = OLD.kind;
	END IF;
	INSERT INTO ticket_search (ticket_id, kind, search)
	VALUES (NEW.ticket_id, NEW.kind, ticket_search_vector(NEW))
	ON CONFLICT (ticket_id, kind) DO UPDATE SET search = excluded.search;
	RETURN NULL;
END;
$$;
