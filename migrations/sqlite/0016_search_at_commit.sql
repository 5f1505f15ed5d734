-- The text indexes of the tickets a transaction creates are written once, when it commits,
-- in one statement per kind, instead of by a trigger on each insert (issue 14).  FTS5
-- writes what it holds as a new segment at every savepoint and at every statement that
-- opens one, so each create of a group commit (svc_tx: a savepoint per change) wrote a
-- segment of its own, and merging them cost more than the rest of the create.
--
-- tickets_fts_deferred holds one number, `above`: the tickets whose ticket_id is above it
-- are not in their kind's text index yet; normally it is the largest integer (every ticket
-- is indexed).  The store's first ticket insert of a write transaction sets it to the
-- largest ticket_id there is (src/store/sqlite.c, sq_search_defer); the triggers then leave
-- the new tickets, and any change or removal of them, to the commit, which sets `above` back
-- to the largest integer, and the trigger on that change indexes each new ticket as it is
-- then (sq_search_catch_up), in the same transaction: a committed ticket is always in its
-- index, and other connections never see a value but the largest.  A writer that does not
-- defer (the sqlite3 shell, an insert outside a transaction) is indexed by the triggers at
-- once, as before.  Rolled back to a savepoint, a deferral goes with the tickets it covered.
CREATE TABLE tickets_fts_deferred (above INTEGER NOT NULL);
INSERT INTO tickets_fts_deferred (above) VALUES (9223372036854775807);

DROP TRIGGER tickets_fts_b2b_insert;
DROP TRIGGER tickets_fts_b2b_delete;
DROP TRIGGER tickets_fts_b2b_update;
DROP TRIGGER tickets_fts_b2c_insert;
DROP TRIGGER tickets_fts_b2c_delete;
DROP TRIGGER tickets_fts_b2c_update;
DROP TRIGGER tickets_fts_internal_insert;
DROP TRIGGER tickets_fts_internal_delete;
DROP TRIGGER tickets_fts_internal_update;

CREATE TRIGGER tickets_fts_b2b_insert AFTER INSERT ON tickets
	WHEN new.kind = 'b2b' AND new.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_b2b_delete AFTER DELETE ON tickets
	WHEN old.kind = 'b2b' AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_b2b_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN (old.kind = 'b2b' OR new.kind = 'b2b') AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2b (tickets_fts_b2b, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'b2b';
	INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'b2b';
END;

CREATE TRIGGER tickets_fts_b2c_insert AFTER INSERT ON tickets
	WHEN new.kind = 'b2c' AND new.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_b2c_delete AFTER DELETE ON tickets
	WHEN old.kind = 'b2c' AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_b2c_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN (old.kind = 'b2c' OR new.kind = 'b2c') AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_b2c (tickets_fts_b2c, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'b2c';
	INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'b2c';
END;

CREATE TRIGGER tickets_fts_internal_insert AFTER INSERT ON tickets
	WHEN new.kind = 'internal' AND new.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_internal_delete AFTER DELETE ON tickets
	WHEN old.kind = 'internal' AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_internal (tickets_fts_internal, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_internal_update AFTER UPDATE OF number, customer_name, so_id, invoice_id, woo_order_number, title, description, kind ON tickets
	WHEN (old.kind = 'internal' OR new.kind = 'internal') AND old.ticket_id <= (SELECT above FROM tickets_fts_deferred) BEGIN
	INSERT INTO tickets_fts_internal (tickets_fts_internal, rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT 'delete', old.ticket_id, old.number, old.customer_name, old.so_id, old.invoice_id, old.woo_order_number, old.title, old.description WHERE old.kind = 'internal';
	INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id, new.woo_order_number, new.title, new.description WHERE new.kind = 'internal';
END;

-- The commit's catch-up: `above` raised indexes every ticket above its old value, each
-- kind's by one statement.  The new tickets are the end of the table, a short range of
-- ticket_id; `+kind` keeps SQLite from reading all of a kind's tickets in an index on kind
-- instead (a second and a half a commit at a million tickets).
CREATE TRIGGER tickets_fts_catch_up AFTER UPDATE OF above ON tickets_fts_deferred
	WHEN new.above > old.above BEGIN
	INSERT INTO tickets_fts_b2b (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description
	FROM tickets WHERE ticket_id > old.above AND +kind = 'b2b';
	INSERT INTO tickets_fts_b2c (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description
	FROM tickets WHERE ticket_id > old.above AND +kind = 'b2c';
	INSERT INTO tickets_fts_internal (rowid, number, customer_name, so_id, invoice_id, woo_order_number, title, description)
	SELECT ticket_id, number, customer_name, so_id, invoice_id, woo_order_number, title, description
	FROM tickets WHERE ticket_id > old.above AND +kind = 'internal';
END;
