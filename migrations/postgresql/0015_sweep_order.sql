-- The text index leaves the tickets' rows for a table of its own, kept by a trigger when a
-- ticket is made or its text changes.  As a generated column of tickets, every change of a
-- ticket (a status, a priority, the sweep's next check) computed the tsvector again and
-- wrote a new entry for each of its words into the GIN index: 250 µs of a sweep's 300 µs per
-- ticket.  Searches read ticket_search (pg.c, pg_search_predicate), and a capped count of
-- one kind's matches reads it alone.
CREATE TABLE ticket_search (
	ticket_id BIGINT PRIMARY KEY REFERENCES tickets (ticket_id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	search tsvector NOT NULL
);
INSERT INTO ticket_search (ticket_id, kind, search) SELECT ticket_id, kind, search FROM tickets;
ALTER TABLE tickets DROP COLUMN search;

-- A ticket's words (also for loaders that fill tickets with the triggers off: bench/sqlite2pg.py).
CREATE FUNCTION ticket_search_vector(t tickets) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
	SELECT to_tsvector('ticketd_english', regexp_replace(
		coalesce(t.number, '') || ' ' || coalesce(t.customer_name, '') || ' ' ||
		coalesce(t.so_id, '') || ' ' || coalesce(t.invoice_id, '') || ' ' ||
		coalesce(t.woo_order_number, '') || ' ' || coalesce(t.title, '') || ' ' ||
		coalesce(t.description, ''), '[[:punct:]]+', ' ', 'g'))
$$;
CREATE FUNCTION ticket_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO ticket_search (ticket_id, kind, search)
	VALUES (NEW.ticket_id, NEW.kind, ticket_search_vector(NEW))
	ON CONFLICT (ticket_id) DO UPDATE SET kind = excluded.kind, search = excluded.search;
	RETURN NULL;
END;
$$;
CREATE TRIGGER tickets_search_sync AFTER INSERT OR UPDATE OF number, kind, customer_name, so_id,
	invoice_id, woo_order_number, title, description ON tickets
	FOR EACH ROW EXECUTE FUNCTION ticket_search_sync();

-- One GIN index per kind, partial on the kind, as before (0001).
CREATE INDEX ticket_search_b2b ON ticket_search USING GIN (search) WHERE kind = 'b2b';
CREATE INDEX ticket_search_b2c ON ticket_search USING GIN (search) WHERE kind = 'b2c';
CREATE INDEX ticket_search_internal ON ticket_search USING GIN (search) WHERE kind = 'internal';
