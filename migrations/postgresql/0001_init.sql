-- PostgreSQL: full-text search over tickets (a generated tsvector with a GIN index) and the
-- audit trail's immutability.  The text configuration ticketd_english stems English words
-- with the Snowball stemmer, as SQLite's porter tokenizer does ("tomatoes" finds "tomato"),
-- but keeps every word: the built-in 'english' would drop stop words such as "on" or "not",
-- which SQLite finds.  Punctuation separates words, as in SQLite's unicode61 tokenizer:
-- PostgreSQL's own parser would read "B2B-000001" as a word and a negative number, which
-- the query "b2b" <-> "000001" would not find.  Numbers and codes are kept as typed.
CREATE TEXT SEARCH DICTIONARY ticketd_english_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION ticketd_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION ticketd_english
	ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
	WITH ticketd_english_stem;
ALTER TABLE tickets ADD COLUMN search tsvector GENERATED ALWAYS AS (
	to_tsvector('ticketd_english', regexp_replace(
		coalesce(number, '') || ' ' || coalesce(customer_name, '') || ' ' ||
		coalesce(so_id, '') || ' ' || coalesce(invoice_id, '') || ' ' ||
		coalesce(woo_order_number, '') || ' ' || coalesce(title, '') || ' ' ||
		coalesce(description, ''), '[[:punct:]]+', ' ', 'g'))
) STORED;
-- One GIN index per kind, as SQLite keeps one text index per kind: a search looks among one
-- kind's tickets, and a partial index lets the planner count the first matches of a common
-- word from that kind's postings (1.4 ms) instead of scanning tickets until it has them (34
-- ms at 20,000 tickets; bench/run.sh, EXPLAIN ANALYZE).
CREATE INDEX tickets_search_b2b ON tickets USING GIN (search) WHERE kind = 'b2b';
CREATE INDEX tickets_search_b2c ON tickets USING GIN (search) WHERE kind = 'b2c';
CREATE INDEX tickets_search_internal ON tickets USING GIN (search) WHERE kind = 'internal';

CREATE FUNCTION ticket_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit events are never changed or deleted';
END;
$$;
CREATE TRIGGER ticket_events_no_change BEFORE UPDATE OR DELETE ON ticket_events
	FOR EACH ROW EXECUTE FUNCTION ticket_events_immutable();
