-- SQLite: the text index again, one per kind, stemming English words (porter over unicode61,
-- accents removed: "tomatoes" finds "tomato").  A search looks among one kind's tickets: with
-- one index for all, finding the newest B2C matches of a word meant stepping through the
-- other kinds' too, and joining each match to its ticket (or, with the kind as a column of
-- the index, intersecting with the 450,000 postings of "b2c": half the time of a search).
-- The indexes are contentless (the text stays in tickets); the triggers give them the old
-- text to remove.  Without column sizes (used only to rank, which lists do not): one page
-- less to write per ticket.  Filled from the tickets.  docs/decisions.md, "Search".
DROP TRIGGER tickets_fts_insert;
DROP TRIGGER tickets_fts_delete;
DROP TRIGGER tickets_fts_update;
DROP TABLE tickets_fts;
CREATE VIRTUAL TABLE tickets_fts_b2b USING fts5(
	number, customer_name, so_id, invoice_id, woo_order_number, title, description,
	content = '', columnsize = 0, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_b2b_insert AFTER INSERT ON tickets WHEN new.kind = 'b2b' BEGIN
	INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_b2b_delete AFTER DELETE ON tickets WHEN old.kind = 'b2b' BEGIN
	INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_b2b_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN old.kind = 'b2b' OR new.kind = 'b2b' BEGIN
	INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'b2b';
	INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'b2b';
END;
INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description FROM tickets WHERE kind = 'b2b';
-- Every create flushes its words as a new segment (each statement in a transaction does);
-- merging them 8 at a time instead of FTS5's default 4 writes each posting fewer times:
-- creates under load were about 30% faster, without the long stalls of 16 (bench/run.sh).
INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rank) VALUES ('automerge', 8);
CREATE VIRTUAL TABLE tickets_fts_b2c USING fts5(
	number, customer_name, so_id, invoice_id, woo_order_number, title, description,
	content = '', columnsize = 0, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_b2c_insert AFTER INSERT ON tickets WHEN new.kind = 'b2c' BEGIN
	INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_b2c_delete AFTER DELETE ON tickets WHEN old.kind = 'b2c' BEGIN
	INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_b2c_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN old.kind = 'b2c' OR new.kind = 'b2c' BEGIN
	INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'b2c';
	INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'b2c';
END;
INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description FROM tickets WHERE kind = 'b2c';
-- Every create flushes its words as a new segment (each statement in a transaction does);
-- merging them 8 at a time instead of FTS5's default 4 writes each posting fewer times:
-- creates under load were about 30% faster, without the long stalls of 16 (bench/run.sh).
INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rank) VALUES ('automerge', 8);
CREATE VIRTUAL TABLE tickets_fts_internal USING fts5(
	number, customer_name, so_id, invoice_id, woo_order_number, title, description,
	content = '', columnsize = 0, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_internal_insert AFTER INSERT ON tickets WHEN new.kind = 'internal' BEGIN
	INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_internal_delete AFTER DELETE ON tickets WHEN old.kind = 'internal' BEGIN
	INSERT INTO tickets_fts_internal (tickets_fts_internal, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_internal_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN old.kind = 'internal' OR new.kind = 'internal' BEGIN
	INSERT INTO tickets_fts_internal (tickets_fts_internal, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'internal';
	INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'internal';
END;
INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description FROM tickets WHERE kind = 'internal';
-- Every create flushes its words as a new segment (each statement in a transaction does);
-- merging them 8 at a time instead of FTS5's default 4 writes each posting fewer times:
-- creates under load were about 30% faster, without the long stalls of 16 (bench/run.sh).
INSERT INTO tickets_fts_internal (tickets_fts_internal, rank) VALUES ('automerge', 8);
