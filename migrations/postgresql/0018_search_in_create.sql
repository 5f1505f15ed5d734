-- A new ticket's row of ticket_search is written by the one statement that creates the
-- ticket (src/store/ticket.c, create_sql), the only way tickets are inserted on PostgreSQL,
-- instead of by the trigger (0015) that ran a PL/pgSQL function and its INSERT per row: about
-- a tenth of the writers' connection's CPU per creation (issue 14).  The trigger keeps
-- ticket_search when a ticket's text changes.  ticket_search_vector's words, from the
-- columns themselves, so that the insert can name them before the row exists.
CREATE FUNCTION ticket_search_words(text, text, text, text, text, text, text) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$
	SELECT to_tsvector('ticketd_english', regexp_replace(
		coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || coalesce($3, '') || ' ' ||
		coalesce($4, '') || ' ' || coalesce($5, '') || ' ' || coalesce($6, '') || ' ' ||
		coalesce($7, ''), '[[:punct:]]+', ' ', 'g'))
$$;
CREATE OR REPLACE FUNCTION ticket_search_vector(t tickets) RETURNS tsvector LANGUAGE sql
IMMUTABLE AS $$
	SELECT ticket_search_words(t.number, t.customer_name, t.so_id, t.invoice_id,
		t.woo_order_number, t.title, t.description)
$$;
DROP TRIGGER tickets_search_sync ON tickets;
CREATE TRIGGER tickets_search_sync AFTER UPDATE OF number, kind, customer_name, so_id,
	invoice_id, woo_order_number, title, description ON tickets
	FOR EACH ROW EXECUTE FUNCTION ticket_search_sync();
