-- SQLite: full-text search over tickets (FTS5, kept in step by triggers) and the audit
-- trail's immutability.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
	number, customer_name, so_id, invoice_id, woo_order_number, title, description,
	content = 'tickets', content_rowid = 'ticket_id'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
	INSERT INTO tickets_fts (rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id,
		new.woo_order_number, new.title, new.description);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
	INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id,
		old.invoice_id, old.woo_order_number, old.title, old.description);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF number, customer_name, so_id, invoice_id,
	woo_order_number, title, description ON tickets BEGIN
	INSERT INTO tickets_fts (tickets_fts, rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description)
	VALUES ('delete', old.ticket_id, old.number, old.customer_name, old.so_id,
		old.invoice_id, old.woo_order_number, old.title, old.description);
	INSERT INTO tickets_fts (rowid, number, customer_name, so_id, invoice_id,
				 woo_order_number, title, description)
	VALUES (new.ticket_id, new.number, new.customer_name, new.so_id, new.invoice_id,
		new.woo_order_number, new.title, new.description);
END;

CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events BEGIN
	SELECT RAISE(ABORT, 'audit events are never changed');
END;
CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events BEGIN
	SELECT RAISE(ABORT, 'audit events are never deleted');
END;
