-- SQLite: the text index again, now stemming English words (porter over unicode61, accents
-- removed: "tomatoes" finds "tomato") and with the ticket's kind as one more column, so that
-- a search restricts the kind inside MATCH: the newest matches of one kind are read from
-- the index in order, and a capped count of them never reads the tickets
-- (src/store/ticket.c, docs/decisions.md "Search").  Rebuilt from the tickets.
DROP TRIGGER tickets_fts_insert;
DROP TRIGGER tickets_fts_delete;
DROP TRIGGER tickets_fts_update;
DROP TABLE tickets_fts;
CREATE VIRTUAL TABLE tickets_fts USING fts5(
	number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind,
	content = 'tickets', content_rowid = 'ticket_id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
	INSERT INTO tickets_fts (rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description, kind)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id,
		new.woo_order_number, new.title, new.description, new.kind);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
	INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description, kind)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id,
		old.invoice_id, old.woo_order_number, old.title, old.description, old.kind);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, customer_name, so_id, invoice_id,
	woo_order_number, title, description, kind ON tickets BEGIN
	INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description, kind)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id,
		old.invoice_id, old.woo_order_number, old.title, old.description, old.kind);
	INSERT INTO tickets_fts (rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description, kind)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id,
		new.woo_order_number, new.title, new.description, new.kind);
END;
INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
-- Every create flushes its words as a new segment (each statement in a transaction does);
-- merging them 8 at a time instead of FTS5's default 4 writes each posting fewer times:
-- creates under load were about 30% faster, without the long stalls of 16 (bench/run.sh).
INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('automerge', 8);
